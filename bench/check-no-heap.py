#!/usr/bin/env python3
"""Link-time proof that the scheduler core makes no heap allocation.

Usage: check-no-heap.py --nm NM [--allow-prefix P ...] ARCHIVE
       check-no-heap.py --nm NM --expect-reject SYMBOL ARCHIVE

Lists every symbol ARCHIVE's objects need from outside the archive
(`nm -u`, minus what another member defines). The core may need only the
port interface (hs_arch_*, and hs_hosted_* for the hosted ports' inline
interrupt pair: a thread-local word and its slow path, with the linker's
_GLOBAL_OFFSET_TABLE_ that position-independent code uses to reach a
thread-local), the two routines GCC emits for block moves
(memset, memcpy) and libgcc's pure integer helpers (e.g. __popcountdi2 for
__builtin_popcountll on targets without a popcount instruction; every
freestanding link has libgcc, the kernel passes -lgcc). Anything else --
malloc, calloc, realloc, free, any other libc symbol, libatomic's
__atomic_* calls -- fails the check (exit 1).

--allow-prefix admits instrumentation symbols of a sanitizer or coverage
build (meson passes it only when such a build is configured).

--expect-reject SYMBOL inverts the verdict, to prove the check can fail:
exit 0 only if SYMBOL is reported as forbidden in ARCHIVE.

Also prints the size of every static data object (the core's fixed
storage) so the footprint can be read off the library itself.
"""
import argparse
import re
import subprocess
import sys

ALLOWED = {"memset", "memcpy", "_GLOBAL_OFFSET_TABLE_"}
ALLOWED_PREFIXES = ("hs_arch_", "hs_hosted_")
# libgcc integer helpers: no state, no memory, no system calls.
LIBGCC_HELPER = re.compile(
    r"^__(popcount|clz|ctz|ffs|parity|bswap)[sdt]i2$"
    r"|^__(u?div|u?mod|mul|ashl|ashr|lshr|cmp|ucmp|neg)[sdt]i3$"
    r"|^__(u?div|u?mod)[sdt]i4$|^__bswap[sd]i2$")
HEAP = {
    "malloc", "calloc", "realloc", "free", "reallocarray", "aligned_alloc",
    "posix_memalign", "memalign", "valloc", "pvalloc", "strdup", "strndup",
    "mmap", "munmap", "brk", "sbrk", "_Znwm", "_Znam", "_ZdlPv", "_ZdaPv",
}
DEFINED_TYPES = set("TtDdBbRrCVWGgSsAiu")


def nm_lines(nm, archive, *flags):
    """Run nm in POSIX format over every member; yield (name, type, size)."""
    out = subprocess.run([nm, "-P", "-A", *flags, archive], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        # "archive[member.o]: name type [value [size]]"
        _, _, rest = line.rpartition("]: ")
        if not rest:
            _, _, rest = line.rpartition(": ")
        fields = rest.split()
        if len(fields) < 2:
            continue
        size = int(fields[3], 16) if len(fields) > 3 else 0
        yield fields[0], fields[1], size


def analyse(nm, archive, allow_prefixes):
    """Return (external symbols, forbidden symbols, static data objects)."""
    defined, undefined, data = set(), set(), []
    for name, typ, size in nm_lines(nm, archive, "-S"):
        if typ in ("U", "w", "v"):
            undefined.add(name)
        elif typ in DEFINED_TYPES:
            defined.add(name)
            if typ in "BbDdCV" and size:
                data.append((name, size))
    external = sorted(undefined - defined)
    forbidden = [s for s in external
                 if s not in ALLOWED and not s.startswith(ALLOWED_PREFIXES)
                 and not LIBGCC_HELPER.match(s)
                 and not s.startswith(tuple(allow_prefixes))]
    return external, forbidden, data


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nm", required=True)
    ap.add_argument("--allow-prefix", action="append", default=[])
    ap.add_argument("--expect-reject", metavar="SYMBOL")
    ap.add_argument("archive")
    args = ap.parse_args()

    external, forbidden, data = analyse(args.nm, args.archive, args.allow_prefix)
    print(f"{args.archive}: needs from outside: {' '.join(external) or '(nothing)'}")
    helpers = [s for s in external if LIBGCC_HELPER.match(s)]
    if helpers:
        print(f"note: libgcc integer helpers (allowed): {' '.join(helpers)}")

    if args.expect_reject:
        if args.expect_reject in forbidden:
            print(f"ok: the check rejects {args.expect_reject} as it must")
            return 0
        print(f"FAIL: {args.expect_reject} was not rejected (forbidden: {forbidden})")
        return 1

    for name, size in sorted(data, key=lambda d: -d[1]):
        print(f"STATIC {name} {size}")
    print(f"STATIC total {sum(s for _, s in data)} bytes of fixed storage")
    if forbidden:
        heap = [s for s in forbidden if s in HEAP]
        print(f"FAIL: forbidden external symbols: {' '.join(forbidden)}")
        if heap:
            print(f"FAIL: heap allocation in the core: {' '.join(heap)}")
        return 1
    print("ok: no heap, no libc beyond memset/memcpy, no libatomic; "
          "otherwise only the hs_arch_*/hs_hosted_* port interface and libgcc integer helpers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
