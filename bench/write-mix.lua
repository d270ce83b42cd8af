-- Write mix for wrk, in rotation: create a member; PATCH a member with If-Match; give a newly
-- created member a contact person; register that member (with its contact) for an event.
-- The ids come back in the responses, so each step uses what an earlier one created.
-- CLUSTER, MEMBER, EVENTS (comma-separated) and TOKEN come from the environment (bench/run.sh).
local cluster = os.getenv("CLUSTER")
local member = os.getenv("MEMBER")
local token = os.getenv("TOKEN")
local events = {}
for id in string.gmatch(os.getenv("EVENTS"), "[^,]+") do events[#events + 1] = id end
local n = 0
local new_members = {}   -- members created here, still without a contact
local new_contacts = {}  -- {member, contact} pairs ready to register
local counts = {}

local function headers()
    return { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

request = function()
    n = n + 1
    local h = headers()
    if #new_contacts > 0 and #events > 0 and n % 4 == 0 then
        local pair = table.remove(new_contacts, 1)
        local event = events[(n % #events) + 1]
        local body = string.format('{"member_id":"%s","attendee_contact_ids":["%s"]}', pair[1], pair[2])
        return wrk.format("POST", "/api/v1/events/" .. event .. "/registrations", h, body)
    elseif #new_members > 0 and n % 4 == 3 then
        local m = table.remove(new_members, 1)
        local body = string.format(
            '{"name":"Bench Contact %d","role":"Sales","email":"bench%d@example.org","share_consent":true}', n, n)
        return wrk.format("POST", "/api/v1/members/" .. m .. "/contacts", h, body)
    elseif n % 2 == 0 then
        local body = string.format(
            '{"cluster_id":"%s","legal_name":"Bench %d %d","country":"IT","city":"Milano","size_class":"small","core_business":"Benchmark parts"}',
            cluster, math.random(1, 1000000000), n)
        return wrk.format("POST", "/api/v1/members", h, body)
    else
        h["If-Match"] = "*"
        local body = string.format('{"ongoing_projects":"bench update %d"}', n)
        return wrk.format("PATCH", "/api/v1/members/" .. member, h, body)
    end
end

-- A created contact answers with member_id and no attendees (a registration has both); a
-- created member with legal_name and no member_id.
response = function(status, hdrs, body)
    counts[status] = (counts[status] or 0) + 1
    if status == 201 then
        local id = string.match(body, '"id":"([%x-]+)"')
        local owner = string.match(body, '"member_id":"([%x-]+)"')
        if owner and not string.find(body, '"attendees"', 1, true) then
            new_contacts[#new_contacts + 1] = { owner, id }
        elseif string.find(body, '"legal_name"', 1, true) and not owner then
            new_members[#new_members + 1] = id
        end
    end
end

done = function(summary, latency, requests)
    io.write(string.format("errors: status=%d\n", summary.errors.status))
end
