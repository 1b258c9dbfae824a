#!/usr/bin/env python3
"""Write the hand-made seed corpus of the core fuzz target (tests/fuzz/corpus).

Each seed is a short program in the target's encoding (see fuzz_core.c):
byte 0 chooses the present CPU count (2 + b % 7); then opcode bytes
(op % 20) with their arguments. The seeds steer the fuzzer towards the
interesting corners: steals with parking, full queues, set_qos moves and
refusals, offline CPUs, the IPI chain with refused, forced and stray sends.
"""
import os
import sys

ENQ, ENQ_SELF, PICK, YIELD, FINISH, PURGE, SETQOS = 0, 2, 3, 5, 6, 7, 8
STEALMAX, CEIL, BECOME, OFF, ON, RESCHED, IRQ = 9, 10, 11, 12, 13, 14, 16
FAILSENDS, FORCE, MISC = 17, 18, 19
BADCPU, BADTASK, BADQOS = 0xF3, 0xF1, 0xC1


def prog(present, *calls):
    out = bytearray([present - 2])
    for c in calls:
        out += bytes(c)
    return bytes(out)


def enq(cpu, task, qos):
    return [ENQ, cpu, task, qos]


SEEDS = {
    # Fill one class past capacity (4 or 64), then drain it.
    "full-queue": prog(2, *[enq(1, t % 32, 1) for t in range(70)], *[[PICK, 1], [FINISH, 1]] * 8),
    # CPU 0 idle steals from CPU 1; steal_max 16 parks the rest.
    "steal-park": prog(3, [STEALMAX, 16], *[enq(1, t, 1) for t in range(10)], [PICK, 0],
                       [PICK, 2], [CEIL, 0, 3], enq(1, 20, 3), [PICK, 0], [FINISH, 0], [PICK, 0]),
    # Ceiling: interactive work is not stolen by a normal-ceiling thief.
    "steal-ceiling": prog(2, enq(1, 5, 2), [PICK, 0], [CEIL, 0, 2], [PICK, 0], [YIELD, 0],
                          [PICK, 0]),
    # set_task_qos: running in place, queued move, refused move into a full class.
    "set-qos": prog(2, enq(0, 1, 0), enq(0, 2, 0), [PICK, 0], [SETQOS, 1, 3],
                    *[enq(0, 3 + t, 3) for t in range(6)], [SETQOS, 2, 3], [SETQOS, 2, 2],
                    [SETQOS, 2, BADQOS], [YIELD, 0]),
    # set_task_qos to a task's own class while that class is full: a move to
    # the tail, not a refusal (capacity 4 and 64 both reach "full" here).
    "set-qos-same-full": prog(2, *[enq(0, t % 32, 2) for t in range(66)], [SETQOS, 0, 2],
                              [SETQOS, 1, 2], [PICK, 0], [SETQOS, 2, 2]),
    # Reused ids: double enqueue, finish twice, purge after finish.
    "reuse": prog(2, enq(0, 7, 1), enq(1, 7, 1), [PICK, 0], enq(0, 7, 2), [FINISH, 0],
                  [FINISH, 0], [PURGE, 7], [SETQOS, 7, 1], enq(1, 7, 1), [PURGE, 7]),
    # Bad input everywhere.
    "bad-input": prog(4, enq(BADCPU, 1, 1), enq(0, BADTASK, 1), enq(0, 1, BADQOS), [PICK, BADCPU],
                      [YIELD, BADCPU], [FINISH, BADCPU], [PURGE, BADTASK], [SETQOS, BADTASK, 1],
                      [STEALMAX, 0], [STEALMAX, 0xFF], [CEIL, BADCPU, 1], [RESCHED, BADCPU],
                      [FORCE, BADCPU, 1], [ON, BADCPU], [OFF, BADCPU], enq(5, 1, 1),
                      [RESCHED, 5]),
    # Offline: enqueue and resched rejected, steals skip it, back online.
    "offline": prog(3, enq(2, 1, 1), enq(2, 2, 1), [OFF, 2], enq(2, 3, 1), [RESCHED, 2],
                    [PICK, 0], [ON, 2], [PICK, 0], [PICK, 1]),
    # IPI chain: sent, coalesced, trap via irq restore, ack and need_resched.
    "ipi-basic": prog(2, [RESCHED, 1], [RESCHED, 1], [BECOME, 1], [IRQ, 0], [MISC, 2],
                      [BECOME, 0], [RESCHED, 0], [PICK, 0]),
    # Refused and forced sends roll back; stray S_SOFT counts a trap, no ack.
    "ipi-faults": prog(3, [FAILSENDS, 1], [RESCHED, 1], [FAILSENDS, 0], [RESCHED, 1],
                       [FORCE, 2, 1], [RESCHED, 2], [FORCE, 2, 0], [RESCHED, 2], [MISC, 3],
                       [BECOME, 1], [IRQ, 1], [BECOME, 2], [IRQ, 0], [BECOME, 1],
                       [FORCE, 1, 1]),
    # Unidentified caller: enqueue() and force_send_failure fail closed.
    "no-identity": prog(2, [BECOME, 0xF5], [ENQ_SELF, 3, 1], [FORCE, 1, 1], [BECOME, 3],
                        [ENQ_SELF, 3, 1], [BECOME, 1], [ENQ_SELF, 3, 1], [PICK, 1]),
    # Eight CPUs, a round of everything.
    "eight": prog(8, *[enq(c, c, c % 4) for c in range(8)], *[[PICK, c] for c in range(10)],
                  *[[YIELD, c] for c in range(8)], *[[RESCHED, c] for c in range(8)],
                  [STEALMAX, 3], *[[FINISH, c] for c in range(8)], *[[PICK, c] for c in range(8)]),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, "seed-" + name), "wb") as f:
            f.write(data)
    print(f"wrote {len(SEEDS)} seeds to {out}")


if __name__ == "__main__":
    main()
