// SPDX-License-Identifier: MIT
/*
 * Stable names for QoS classes and outcome statuses (logs, stats, JSON).
 */
#include <hartsched/outcome.h>
#include <hartsched/qos.h>

static const char *const qos_names[HS_QOS_COUNT] = {
	[HS_QOS_IDLE] = "idle",
	[HS_QOS_NORMAL] = "normal",
	[HS_QOS_INTERACTIVE] = "interactive",
	[HS_QOS_PERFBURST] = "perfburst",
};

static const char *const status_names[HS_STATUS_COUNT] = {
	[HS_OK] = "ok",
	[HS_OK_COALESCED] = "coalesced",
	[HS_ERR_QUEUE_FULL] = "queue-full",
	[HS_ERR_INVALID_CPU] = "invalid-cpu",
	[HS_ERR_CPU_OFFLINE] = "cpu-offline",
	[HS_ERR_INVALID_QOS] = "invalid-qos",
	[HS_ERR_INVALID_TASK] = "invalid-task",
	[HS_ERR_ALREADY_QUEUED] = "already-queued",
	[HS_ERR_ALREADY_RUNNING] = "already-running",
	[HS_ERR_NOT_FOUND] = "not-found",
	[HS_ERR_NO_CURRENT] = "no-current",
	[HS_ERR_CONTENDED] = "contended",
	[HS_ERR_SEND_FAILED] = "send-failed",
	[HS_ERR_NOT_BOOT_CPU] = "not-boot-cpu",
	[HS_ERR_INVALID_ARG] = "invalid-arg",
};

const char *hs_qos_name(uint32_t qos)
{
	return hs_qos_valid(qos) ? qos_names[qos] : "invalid";
}

const char *hs_status_name(uint32_t status)
{
	return status < HS_STATUS_COUNT ? status_names[status] : "unknown";
}
