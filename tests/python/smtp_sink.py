"""A real SMTP server for the mail tests: accepts every message on 127.0.0.1:<port> and
writes it, exactly as received, to <dir>/<n>.eml (with <n>.json: envelope sender and
recipients), except for recipients whose address contains "refuse", which get a permanent
550 refusal at RCPT time. Prints "ready" once it listens; runs until killed.

    python smtp_sink.py <port> <dir>
"""

import asyncio
import itertools
import json
import os
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.numbers = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "refuse" in address.lower():
            return f"550 5.1.1 <{address}>: recipient refused by the test sink"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.numbers)
        base = os.path.join(self.directory, f"{n:06d}")
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        # The .eml appears last and whole: a reader never sees half a message.
        os.replace(base + ".tmp", base + ".eml")
        return "250 Message accepted for delivery"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
