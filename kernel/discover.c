// SPDX-License-Identifier: MIT
/*
 * Hart discovery. The device tree says which harts exist and their ids
 * (QEMU numbers them per socket; other platforms leave gaps), SBI HSM says
 * whether each can be started. Nothing assumes ids 0 .. N-1, except the
 * fallback probe when there is no usable tree, which says so.
 */
#include <hartsched/console.h>

#include "discover.h"
#include "fdt.h"
#include "sbi.h"

/* Print "KBOOT: hart H skipped: hsm error=E status=S". */
static void say_skipped(uint64_t h, struct sbi_ret r)
{
	struct hs_line l;

	hs_line_init(&l);
	hs_line_str(&l, "KBOOT: hart ");
	hs_line_u64(&l, h);
	hs_line_str(&l, " skipped: hsm error=");
	hs_line_u64(&l, (uint64_t)-r.error);
	hs_line_str(&l, " status=");
	hs_line_u64(&l, (uint64_t)r.value);
	hs_line_emit(&l);
}

/*
 * Take hart @h as the next CPU if HSM says it is a stopped hart. @quiet:
 * a hart that does not exist (INVALID_PARAM) is not worth a line (the probe
 * meets many). Returns true if taken.
 */
static bool take_if_stopped(struct discover_result *out, uint64_t h, bool quiet)
{
	struct sbi_ret r = sbi_hart_get_status(h);

	if (r.error == SBI_ERR_INVALID_PARAM && quiet)
		return false;
	if (r.error != SBI_SUCCESS || r.value != SBI_HSM_STOPPED) {
		say_skipped(h, r);
		return false;
	}
	out->hartid[out->n++] = h;
	return true;
}

/* Print "KBOOT: N harts described, M used (kernel_max_cpus=K)". */
static void say_unused(const struct discover_result *out)
{
	struct hs_line l;

	hs_line_init(&l);
	hs_line_str(&l, "KBOOT: ");
	hs_line_u64(&l, out->described);
	hs_line_str(&l, " harts described, ");
	hs_line_u64(&l, out->n);
	hs_line_str(&l, " used (kernel_max_cpus=");
	hs_line_u64(&l, HS_MAX_CPUS);
	hs_line_str(&l, ")");
	hs_line_emit(&l);
}

void discover_harts(uint64_t boot_hartid, uintptr_t fdt, struct discover_result *out)
{
	static struct fdt_harts dt; /* boot hart only; too big for the early stack's taste */
	uint32_t i;

	out->hartid[0] = boot_hartid;
	out->n = 1;
	out->described = 1;
	if (!sbi_has_extension(SBI_EXT_HSM)) {
		hs_console_puts("KBOOT: no SBI HSM extension: running on the boot hart only");
		out->source = DISCOVER_BOOT_ONLY;
		return;
	}
	if (fdt_harts(fdt, &dt)) {
		out->source = DISCOVER_DEVICE_TREE;
		out->described = dt.total;
		for (i = 0; i < dt.n && out->n < HS_MAX_CPUS; i++) {
			if (dt.id[i] != boot_hartid)
				(void)take_if_stopped(out, dt.id[i], false);
		}
	} else {
		uint64_t h;

		out->source = DISCOVER_SBI_PROBE;
		for (h = 0; h < HS_MAX_CPUS && out->n < HS_MAX_CPUS; h++) {
			if (h != boot_hartid && take_if_stopped(out, h, true))
				out->described++;
		}
	}
	if (out->described > out->n)
		say_unused(out);
}

const char *discover_source_name(uint32_t source)
{
	switch (source) {
	case DISCOVER_DEVICE_TREE:
		return "device-tree";
	case DISCOVER_SBI_PROBE:
		return "sbi-probe";
	default:
		return "boot-only";
	}
}
