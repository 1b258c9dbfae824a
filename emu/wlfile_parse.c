// SPDX-License-Identifier: MIT
/*
 * Parsing a workload description (emu/wlfile.h) with json-glib. The parser's
 * object-member and array-element signals record the line of every member
 * and element, so an error about a field names its line, not just the file.
 */
#include <hartsched/qos.h>

#include <emu/ledger.h>
#include <emu/wlfile.h>

#include <json-glib/json-glib.h>
#include <string.h>

struct ctx {
	const char *path;
	uint32_t harts;
	GHashTable *lines; /* "<container pointer>/<member or index>" -> line */
	char *err;	   /* first error, "FILE:LINE: FIELD: what" */
};

/* Remember the line where @member of @object was parsed. */
static void on_member(JsonParser *p, JsonObject *object, const gchar *member, gpointer data)
{
	struct ctx *c = data;

	g_hash_table_insert(c->lines, g_strdup_printf("%p/%s", (void *)object, member),
			    GUINT_TO_POINTER(json_parser_get_current_line(p)));
}

/* Remember the line where element @index of @array was parsed. */
static void on_element(JsonParser *p, JsonArray *array, gint index, gpointer data)
{
	struct ctx *c = data;

	g_hash_table_insert(c->lines, g_strdup_printf("%p/%d", (void *)array, index),
			    GUINT_TO_POINTER(json_parser_get_current_line(p)));
}

/* The line @member of @o was parsed on (0 if unknown). */
static guint line_of_member(struct ctx *c, JsonObject *o, const char *member)
{
	gchar *k = g_strdup_printf("%p/%s", (void *)o, member);
	guint line = GPOINTER_TO_UINT(g_hash_table_lookup(c->lines, k));

	g_free(k);
	return line;
}

/* The line element @index of @a was parsed on (0 if unknown). */
static guint line_of_element(struct ctx *c, JsonArray *a, guint index)
{
	gchar *k = g_strdup_printf("%p/%u", (void *)a, index);
	guint line = GPOINTER_TO_UINT(g_hash_table_lookup(c->lines, k));

	g_free(k);
	return line;
}

/* Record the first error: "FILE:LINE: FIELD: message". Returns false. */
static bool fail(struct ctx *c, guint line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool fail(struct ctx *c, guint line, const char *field, const char *fmt, ...)
{
	va_list ap;
	gchar *msg;

	if (c->err)
		return false;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	c->err = g_strdup_printf("%s:%u: %s: %s", c->path, line, field, msg);
	g_free(msg);
	return false;
}

/* fail() about member @key of the object at @where: the field is "@where.@key". */
static bool fail_key(struct ctx *c, guint line, const char *where, const char *key, const char *msg)
{
	gchar *field = where[0] == '(' ? g_strdup(key) : g_strdup_printf("%s.%s", where, key);

	fail(c, line, field, "%s", msg);
	g_free(field);
	return false;
}

/* Member @key of @o as a whole number in [min, max] into @out (@def if absent). */
static bool get_uint(struct ctx *c, JsonObject *o, const char *key, const char *field, guint64 min,
		     guint64 max, bool required, uint32_t def, uint32_t *out)
{
	JsonNode *n = json_object_get_member(o, key);
	gint64 v;

	gchar *msg = NULL;

	if (!n) {
		if (!required) {
			*out = def;
			return true;
		}
		msg = g_strdup_printf("missing (a whole number %llu..%llu)",
				      (unsigned long long)min, (unsigned long long)max);
	} else if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64) {
		msg = g_strdup_printf("expected a whole number %llu..%llu", (unsigned long long)min,
				      (unsigned long long)max);
	} else {
		v = json_node_get_int(n);
		if (v < 0 || (guint64)v < min || (guint64)v > max)
			msg = g_strdup_printf("%lld is out of range (%llu..%llu)", (long long)v,
					      (unsigned long long)min, (unsigned long long)max);
		else
			*out = (uint32_t)v;
	}
	if (!msg)
		return true;
	fail_key(c, line_of_member(c, o, key), field, key, msg);
	g_free(msg);
	return false;
}

/* Member @key of @o as a string (NULL if absent); false on a wrong type. */
static bool get_str(struct ctx *c, JsonObject *o, const char *key, const char *field,
		    const char **out)
{
	JsonNode *n = json_object_get_member(o, key);

	*out = NULL;
	if (!n)
		return true;
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
		return fail_key(c, line_of_member(c, o, key), field, key, "expected a string");
	*out = json_node_get_string(n);
	return true;
}

/* Every member of @o must be one of @known (NULL-terminated). */
static bool only_known(struct ctx *c, JsonObject *o, const char *where, const char *const *known)
{
	GList *members = json_object_get_members(o), *m;
	bool ok = true;

	for (m = members; m && ok; m = m->next) {
		const char *const *k;

		for (k = known; *k && strcmp(*k, m->data) != 0; k++)
			;
		if (!*k) {
			gchar *field = g_strdup_printf("%s.%s", where, (const char *)m->data);

			ok = fail(c, line_of_member(c, o, m->data), field, "unknown field");
			g_free(field);
		}
	}
	g_list_free(members);
	return ok;
}

/* "qos": one of the four class names. */
static bool parse_qos(struct ctx *c, JsonObject *g, const char *field, uint32_t *out)
{
	const char *s;
	uint32_t q;

	if (!get_str(c, g, "qos", field, &s))
		return false;
	if (!s)
		return fail_key(c, line_of_member(c, g, "qos"), field, "qos",
				"missing (idle, normal, interactive or perfburst)");
	for (q = 0; q < HS_QOS_COUNT; q++) {
		if (strcmp(s, hs_qos_name(q)) == 0) {
			*out = q;
			return true;
		}
	}
	{
		g_autofree gchar *msg = g_strdup_printf(
			"'%s' is not a class (idle, normal, interactive or perfburst)", s);

		return fail_key(c, line_of_member(c, g, "qos"), field, "qos", msg);
	}
}

/* "start"/"home": a hart number below the hart count, "spread" or (start) "waiting". */
static bool parse_where(struct ctx *c, JsonObject *g, const char *key, const char *where,
			bool may_wait, uint32_t def, uint32_t *out)
{
	JsonNode *n = json_object_get_member(g, key);
	guint line = line_of_member(c, g, key);
	g_autofree gchar *field = g_strdup_printf("%s.%s", where, key);

	if (!n) {
		*out = def;
		return true;
	}
	if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING) {
		const char *s = json_node_get_string(n);

		if (strcmp(s, "spread") == 0)
			*out = HS_EMU_START_SPREAD;
		else if (may_wait && strcmp(s, "waiting") == 0)
			*out = HS_EMU_START_WAITING;
		else
			return fail(c, line, field, "'%s' is not a hart number, \"spread\"%s", s,
				    may_wait ? " or \"waiting\"" : "");
		return true;
	}
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
		return fail(c, line, field, "expected a hart number or \"spread\"");
	if (json_node_get_int(n) < 0 || json_node_get_int(n) >= c->harts)
		return fail(c, line, field, "hart %lld does not exist (this run has %u harts)",
			    (long long)json_node_get_int(n), c->harts);
	*out = (uint32_t)json_node_get_int(n);
	return true;
}

/* One phase object: exactly one of run, wake, wait, sleep_us. */
static bool parse_phase(struct ctx *c, JsonObject *p, guint line, const char *field,
			struct hs_emu_phase *ph, const char **wake_target)
{
	static const char *const known[] = {"run", "wake", "wait", "sleep_us", NULL};
	JsonNode *n;
	uint32_t kinds = 0;

	if (!only_known(c, p, field, known))
		return false;
	*wake_target = NULL;
	if (json_object_has_member(p, "run")) {
		kinds++;
		ph->kind = HS_EMU_PHASE_RUN;
		if (!get_uint(c, p, "run", field, 1, 1000000, true, 0, &ph->n))
			return false;
	}
	if (json_object_has_member(p, "sleep_us")) {
		kinds++;
		ph->kind = HS_EMU_PHASE_SLEEP;
		if (!get_uint(c, p, "sleep_us", field, 1, 60000000, true, 0, &ph->n))
			return false;
	}
	if (json_object_has_member(p, "wake")) {
		kinds++;
		ph->kind = HS_EMU_PHASE_WAKE;
		if (!get_str(c, p, "wake", field, wake_target) || !*wake_target)
			return fail_key(c, line_of_member(c, p, "wake"), field, "wake",
					"expected the name of a group");
	}
	n = json_object_get_member(p, "wait");
	if (n) {
		kinds++;
		ph->kind = HS_EMU_PHASE_WAIT;
		if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_BOOLEAN ||
		    !json_node_get_boolean(n))
			return fail_key(c, line_of_member(c, p, "wait"), field, "wait",
					"expected true");
	}
	if (kinds != 1)
		return fail(c, line, field,
			    "a phase is exactly one of run, wake, wait or sleep_us (found %u)",
			    kinds);
	return true;
}

/* One group object into @g; wake targets are resolved by the caller. */
static bool parse_group(struct ctx *c, JsonObject *o, guint line, uint32_t gi,
			struct hs_emu_group *g, const char *targets[HS_EMU_WLFILE_PHASES])
{
	static const char *const known[] = {"name", "qos",   "instances", "start",
					    "home", "loops", "phases",	  NULL};
	gchar *field = g_strdup_printf("groups[%u]", gi);
	gchar *pf = NULL;
	JsonNode *pn;
	JsonArray *pa;
	const char *name;
	bool ok = false;
	uint32_t i;

	if (!only_known(c, o, field, known) || !get_str(c, o, "name", field, &name))
		goto out;
	if (!name || !name[0] || strlen(name) >= sizeof(g->name)) {
		fail(c, line_of_member(c, o, "name") ? line_of_member(c, o, "name") : line, field,
		     "\"name\" must be 1..%zu characters", sizeof(g->name) - 1);
		goto out;
	}
	g_strlcpy(g->name, name, sizeof(g->name));
	if (!parse_qos(c, o, field, &g->qos) ||
	    !get_uint(c, o, "instances", field, 1, HS_EMU_JOBS_MAX, false, 1, &g->instances) ||
	    !get_uint(c, o, "loops", field, 1, 1000000, false, 1, &g->loops) ||
	    !parse_where(c, o, "start", field, true, HS_EMU_START_SPREAD, &g->start) ||
	    !parse_where(c, o, "home", field, false,
			 g->start == HS_EMU_START_WAITING ? HS_EMU_START_SPREAD : g->start,
			 &g->home))
		goto out;
	pn = json_object_get_member(o, "phases");
	if (!pn || !JSON_NODE_HOLDS_ARRAY(pn) ||
	    json_array_get_length(json_node_get_array(pn)) == 0 ||
	    json_array_get_length(json_node_get_array(pn)) > HS_EMU_WLFILE_PHASES) {
		fail(c, pn ? line_of_member(c, o, "phases") : line, field,
		     "\"phases\" must be a list of 1..%u phases", HS_EMU_WLFILE_PHASES);
		goto out;
	}
	pa = json_node_get_array(pn);
	g->nphases = json_array_get_length(pa);
	g->last_active = 0;
	for (i = 0; i < g->nphases; i++) {
		JsonNode *e = json_array_get_element(pa, i);
		guint el = line_of_element(c, pa, i);

		g_free(pf);
		pf = g_strdup_printf("%s.phases[%u]", field, i);
		if (!JSON_NODE_HOLDS_OBJECT(e)) {
			fail(c, el, pf, "expected an object such as {\"run\": 1}");
			goto out;
		}
		if (!parse_phase(c, json_node_get_object(e), el, pf, &g->phase[i], &targets[i]))
			goto out;
		if (g->phase[i].kind == HS_EMU_PHASE_RUN || g->phase[i].kind == HS_EMU_PHASE_WAKE)
			g->last_active = i;
	}
	if (g->phase[g->last_active].kind != HS_EMU_PHASE_RUN &&
	    g->phase[g->last_active].kind != HS_EMU_PHASE_WAKE) {
		fail(c, line_of_member(c, o, "phases"), field,
		     "a group needs at least one run or wake phase");
		goto out;
	}
	ok = true;
out:
	g_free(pf);
	g_free(field);
	return ok;
}

/* Resolve "wake": NAME of every phase into a group index. */
static bool resolve(struct ctx *c, JsonArray *groups, struct hs_emu_wlfile *w,
		    const char *targets[HS_EMU_WLFILE_GROUPS][HS_EMU_WLFILE_PHASES])
{
	uint32_t gi, i, t;

	for (gi = 0; gi < w->ngroups; gi++) {
		for (i = 0; i < w->group[gi].nphases; i++) {
			if (w->group[gi].phase[i].kind != HS_EMU_PHASE_WAKE)
				continue;
			for (t = 0; t < w->ngroups && strcmp(w->group[t].name, targets[gi][i]); t++)
				;
			if (t == w->ngroups) {
				JsonArray *pa = json_object_get_array_member(
					json_array_get_object_element(groups, gi), "phases");
				gchar *f = g_strdup_printf("groups[%u].phases[%u].wake", gi, i);

				fail(c, line_of_element(c, pa, i), f, "no group is named '%s'",
				     targets[gi][i]);
				g_free(f);
				return false;
			}
			w->group[gi].phase[i].n = t;
		}
	}
	return true;
}

/* The document: version, name, groups; then the wake targets. */
static bool parse_root(struct ctx *c, JsonNode *root, struct hs_emu_wlfile *w)
{
	static const char *const known[] = {"workload_file_version", "name", "description",
					    "groups", NULL};
	const char *targets[HS_EMU_WLFILE_GROUPS][HS_EMU_WLFILE_PHASES];
	JsonObject *o;
	JsonArray *ga;
	const char *name, *desc;
	uint32_t version, gi, t;

	if (!JSON_NODE_HOLDS_OBJECT(root))
		return fail(c, 1, "(document)", "expected an object");
	o = json_node_get_object(root);
	if (!only_known(c, o, "(document)", known) ||
	    !get_uint(c, o, "workload_file_version", "workload_file_version", 1, 1, true, 0,
		      &version) ||
	    !get_str(c, o, "name", "name", &name) ||
	    !get_str(c, o, "description", "description", &desc))
		return false;
	if (!name || !name[0] || strlen(name) >= sizeof(w->name))
		return fail(c, line_of_member(c, o, "name"), "name", "must be 1..%zu characters",
			    sizeof(w->name) - 1);
	g_strlcpy(w->name, name, sizeof(w->name));
	if (!json_object_has_member(o, "groups") ||
	    !JSON_NODE_HOLDS_ARRAY(json_object_get_member(o, "groups")))
		return fail(c, line_of_member(c, o, "groups"), "groups",
			    "missing or not a list of groups");
	ga = json_object_get_array_member(o, "groups");
	w->ngroups = json_array_get_length(ga);
	if (w->ngroups == 0 || w->ngroups > HS_EMU_WLFILE_GROUPS)
		return fail(c, line_of_member(c, o, "groups"), "groups",
			    "needs 1..%u groups (has %u)", HS_EMU_WLFILE_GROUPS, w->ngroups);
	w->tasks = 0;
	for (gi = 0; gi < w->ngroups; gi++) {
		JsonNode *e = json_array_get_element(ga, gi);
		guint line = line_of_element(c, ga, gi);

		if (!JSON_NODE_HOLDS_OBJECT(e))
			return fail(c, line, "groups", "element %u is not an object", gi);
		if (!parse_group(c, json_node_get_object(e), line, gi, &w->group[gi], targets[gi]))
			return false;
		for (t = 0; t < gi; t++) {
			if (strcmp(w->group[t].name, w->group[gi].name) == 0)
				return fail(c, line, "groups", "two groups are named '%s'",
					    w->group[gi].name);
		}
		w->tasks += w->group[gi].instances;
		if (w->tasks > HS_EMU_JOBS_MAX)
			return fail(c, line, "groups",
				    "more than %u instances in all (the task id limit)",
				    (unsigned)HS_EMU_JOBS_MAX);
	}
	return resolve(c, ga, w, targets);
}

bool hs_emu_wlfile_load(const char *path, uint32_t harts, struct hs_emu_wlfile *out, char **err)
{
	struct ctx c = {.path = path, .harts = harts};
	JsonParser *p = json_parser_new();
	GError *e = NULL;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	c.lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_signal_connect(p, "object-member", G_CALLBACK(on_member), &c);
	g_signal_connect(p, "array-element", G_CALLBACK(on_element), &c);
	if (!json_parser_load_from_file(p, path, &e)) {
		/* json-glib's message names the file, line and column of a syntax error. */
		c.err = g_str_has_prefix(e->message, path)
				? g_strdup(e->message)
				: g_strdup_printf("%s: %s", path, e->message);
		g_error_free(e);
	} else if (!json_parser_get_root(p)) {
		c.err = g_strdup_printf("%s:1: (document): empty file", path);
	} else {
		ok = parse_root(&c, json_parser_get_root(p), out);
	}
	g_hash_table_destroy(c.lines);
	g_object_unref(p);
	*err = c.err;
	return ok;
}
