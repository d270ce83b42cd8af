-- Write mix for wrk: creates a member, then updates a member with If-Match, alternately.
-- CLUSTER, MEMBER and TOKEN come from the environment (bench/run.sh sets them).
local cluster = os.getenv("CLUSTER")
local member = os.getenv("MEMBER")
local token = os.getenv("TOKEN")
local n = 0

request = function()
    n = n + 1
    local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
    if n % 2 == 0 then
        local body = string.format(
            '{"cluster_id":"%s","legal_name":"Bench %d %d","country":"IT","city":"Milano","size_class":"small","core_business":"Benchmark parts"}',
            cluster, math.random(1, 1000000000), n)
        return wrk.format("POST", "/api/v1/members", headers, body)
    else
        headers["If-Match"] = "*"
        local body = string.format('{"ongoing_projects":"bench update %d"}', n)
        return wrk.format("PATCH", "/api/v1/members/" .. member, headers, body)
    end
end

done = function(summary, latency, requests)
    io.write(string.format("errors: status=%d\n", summary.errors.status))
end
