"""A pseudo-terminal for the modem emulator: prints the slave's path (a real serial device path the
station opens with `serialport`), then copies bytes master -> stdout and stdin -> master until stdin
closes. Python's standard library only; the modem's behaviour lives in modem-emulator.ts."""
import os
import select
import sys
import tty

master, slave = os.openpty()
tty.setraw(slave)
# Keep the slave open here too, so the master never reads EIO when the station closes its end.
print(os.ttyname(slave), flush=True)
out = sys.stdout.fileno()
inp = sys.stdin.fileno()
while True:
    ready, _, _ = select.select([master, inp], [], [])
    if master in ready:
        data = os.read(master, 4096)
        if data:
            os.write(out, data)
    if inp in ready:
        data = os.read(inp, 4096)
        if not data:
            break
        os.write(master, data)
