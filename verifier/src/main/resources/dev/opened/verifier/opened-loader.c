// SPDX-License-Identifier: GPL-2.0
/*
 * opened-loader: loads every program of every BPF object given, one at a time (the others set
 * not to autoload, as veristat does), and prints a verdict block per program for OPENED to read
 * back over a serial console or a pipe. Also probes which helpers each program type allows.
 *
 * Fixes what a verification load must not trip on: legacy section names get their program
 * type, maps with max_entries 0 get 1, pinning is turned off.
 *
 * Output, one block per program:
 *   @@OPENED-PROG obj=<file> prog=<name> sec=<section> type=<program type>
 *   @@OPENED-VERDICT <accepted|rejected|not-loaded> errno=<n>
 *   @@OPENED-LOG  (then the verifier log's tail, one line each, prefixed with "| ")
 *   @@OPENED-END
 * and "@@OPENED-DONE" at the very end.
 *
 * With "--test PACKETS" first, every program after it is instead run on each packet of the
 * file PACKETS (u32 length, little-endian, then the bytes, repeated) with BPF_PROG_TEST_RUN:
 *   @@OPENED-PROG ... and @@OPENED-VERDICT as above, then per packet
 *   @@OPENED-PKT <n> ret=<return code> errno=<n> out=<hex|same>
 *   @@OPENED-MAP <n> <map> <key hex> <value hex>   (every entry after the run; array slots all zero left out)
 * and @@OPENED-UNTESTABLE <why> for a program type the kernel cannot test-run.
 * Every packet starts from the maps as they were after the load, so that each packet's result
 * depends on that packet alone.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define LOG_SIZE (16u << 20)
#define STATS_LOG_SIZE (1u << 18)
#define TAIL_LINES 60

static char *log_buf;
static char stats_buf[STATS_LOG_SIZE];
static char libbpf_msgs[65536];
static size_t libbpf_len;

static int collect(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	if (libbpf_len < sizeof(libbpf_msgs) - 1) {
		int n = vsnprintf(libbpf_msgs + libbpf_len, sizeof(libbpf_msgs) - libbpf_len, fmt, args);
		if (n > 0)
			libbpf_len += (size_t)n < sizeof(libbpf_msgs) - libbpf_len ? (size_t)n : sizeof(libbpf_msgs) - libbpf_len - 1;
	}
	return 0;
}

static void print_tail(const char *text)
{
	int lines = 0;
	const char *p = text + strlen(text);
	const char *start = text;

	while (p > text) {
		p--;
		if (*p == '\n' && p[1] != '\0' && ++lines > TAIL_LINES) {
			start = p + 1;
			break;
		}
	}
	printf("@@OPENED-LOG\n");
	while (*start) {
		const char *nl = strchr(start, '\n');
		int len = nl ? (int)(nl - start) : (int)strlen(start);
		if (len > 0)
			printf("| %.*s\n", len, start);
		start += len + (nl ? 1 : 0);
	}
}

/* what libbpf 1.x no longer maps from a section name, from its prefix */
static enum bpf_prog_type type_from_section(const char *sec)
{
	if (!strncmp(sec, "xdp", 3))
		return BPF_PROG_TYPE_XDP;
	if (!strncmp(sec, "tc", 2) || !strncmp(sec, "classifier", 10))
		return BPF_PROG_TYPE_SCHED_CLS;
	if (!strncmp(sec, "action", 6))
		return BPF_PROG_TYPE_SCHED_ACT;
	if (!strncmp(sec, "socket", 6))
		return BPF_PROG_TYPE_SOCKET_FILTER;
	if (!strncmp(sec, "kprobe", 6) || !strncmp(sec, "kretprobe", 9))
		return BPF_PROG_TYPE_KPROBE;
	if (!strncmp(sec, "tracepoint", 10) || !strncmp(sec, "tp/", 3))
		return BPF_PROG_TYPE_TRACEPOINT;
	if (!strncmp(sec, "cgroup_skb", 10) || !strncmp(sec, "cgroup/skb", 10))
		return BPF_PROG_TYPE_CGROUP_SKB;
	return BPF_PROG_TYPE_UNSPEC;
}

static void prepare(struct bpf_object *obj)
{
	struct bpf_map *map;
	struct bpf_program *prog;

	bpf_object__for_each_map(map, obj) {
		if (bpf_map__max_entries(map) == 0)
			bpf_map__set_max_entries(map, bpf_map__type(map) == BPF_MAP_TYPE_RINGBUF ? 4096 : 1);
		bpf_map__set_pin_path(map, NULL);
		/* a map type this kernel does not know (tracee's arena map on 6.1) is left uncreated, as
		 * feature-probing loaders do: the programs that do not use it load; one that does fails
		 * on it, which is its verdict on this kernel */
		int known = libbpf_probe_bpf_map_type(bpf_map__type(map), NULL);
		/* 0: the kernel lacks it; < 0 with no name for the type: newer than this loader's libbpf
		 * and than the kernels it was built for */
		if (known == 0 || (known < 0 && !libbpf_bpf_map_type_str(bpf_map__type(map)))) {
			char note[160];
			int n = snprintf(note, sizeof(note), "map '%s': type %d unknown to this kernel, not created\n",
					 bpf_map__name(map), (int)bpf_map__type(map));
			if (n > 0 && libbpf_len + (size_t)n < sizeof(libbpf_msgs)) {
				memcpy(libbpf_msgs + libbpf_len, note, (size_t)n + 1);
				libbpf_len += (size_t)n;
			}
			bpf_map__set_autocreate(map, false);
		}
	}
	bpf_object__for_each_program(prog, obj) {
		if (bpf_program__type(prog) == BPF_PROG_TYPE_UNSPEC) {
			enum bpf_prog_type t = type_from_section(bpf_program__section_name(prog));
			if (t != BPF_PROG_TYPE_UNSPEC)
				bpf_program__set_type(prog, t);
		}
	}
}

/* At log level 1 the kernel keeps only a failing path: a passed program's log is its stats. */
static int verifier_passed(const char *log)
{
	while (*log == '\n' || *log == ' ')
		log++;
	return !strncmp(log, "verification time", 17) || !strncmp(log, "processed ", 10);
}

static void print_note(const char *msgs)
{
	const char *line = msgs;

	while (*line) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);
		if (len > 0)
			printf("@@OPENED-NOTE %.*s\n", len, line);
		line += len + (nl ? 1 : 0);
	}
}

static int stats_insns(const char *log)
{
	const char *p = strstr(log, "processed ");
	return p ? atoi(p + 10) : -1;
}

/* Opens the object with every program but the index-th set not to autoload, and prepared for a
 * verification load. NULL with *err set when libbpf cannot open it (*err < 0) or when it has no
 * index-th program (*err == 1). */
static struct bpf_object *open_at(const char *path, int index, struct bpf_program **target, int *err)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	int i = 0;

	libbpf_len = 0;
	libbpf_msgs[0] = '\0';
	*target = NULL;
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		*err = -errno;
		return NULL;
	}
	bpf_object__for_each_program(prog, obj) {
		if (i++ == index)
			*target = prog;
		else
			bpf_program__set_autoload(prog, false);
	}
	if (!*target) {
		bpf_object__close(obj);
		*err = 1;
		return NULL;
	}
	prepare(obj);
	*err = 0;
	return obj;
}

/*
 * open_at() for the load and test modes alike: an object libbpf cannot open gets one not-loaded
 * row (for its first program, with libbpf's messages); NULL then, with *ret what the mode returns:
 * -1 past the last program (or after that row), -2 when the object has no program at all.
 */
static struct bpf_object *open_or_report(const char *path, const char *file, int index, struct bpf_program **target,
					 int *ret)
{
	int err;
	struct bpf_object *obj = open_at(path, index, target, &err);

	if (obj)
		return obj;
	if (err < 0) {
		if (index == 0) {
			printf("@@OPENED-PROG obj=%s prog=- sec=- type=-\n", file);
			printf("@@OPENED-VERDICT not-loaded errno=%d\n", -err);
			print_tail(libbpf_msgs);
			printf("@@OPENED-END\n");
		}
		*ret = -1;
	} else {
		*ret = index == 0 ? -2 : -1;
	}
	return NULL;
}

/* Loads the index-th program with the verifier log at `level` into `log`; the libbpf error. */
static int load_at(const char *path, int index, __u32 level, char *log, size_t log_size)
{
	struct bpf_program *target;
	struct bpf_object *obj = open_at(path, index, &target, &(int){ 0 });
	int err;

	if (!obj)
		return -ENOENT;
	log[0] = '\0';
	bpf_program__set_log_buf(target, log, log_size);
	bpf_program__set_log_level(target, level);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

/*
 * The verdict comes from a load with the stats log only (level 4): the kernel then prints its
 * error message and the "processed N insns" line but no instruction trace, so a long program
 * cannot overflow the log (which a 6.1 kernel answers with ENOSPC, whatever the verdict).
 * A rejected program is loaded again with the full log (level 1) for the failing instruction.
 * Returns 0 after a program, -1 past the last one, -2 when the object has none.
 */
static int load_one(const char *path, int index)
{
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct bpf_program *target;
	struct bpf_object *obj;
	int err, again;

	obj = open_or_report(path, file, index, &target, &err);
	if (!obj)
		return err;
	/* said before the load, so that a load that never ends is named */
	printf("@@OPENED-PROG obj=%s prog=%s sec=%s type=%s\n", file, bpf_program__name(target),
	       bpf_program__section_name(target), libbpf_bpf_prog_type_str(bpf_program__type(target)) ?: "unknown");
	fflush(stdout);
	stats_buf[0] = '\0';
	bpf_program__set_log_buf(target, stats_buf, sizeof(stats_buf));
	bpf_program__set_log_level(target, 4);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	if (!err) {
		printf("@@OPENED-VERDICT accepted errno=0\n");
		print_tail(stats_buf);
	} else if (stats_buf[0] && stats_insns(stats_buf) >= 0 && verifier_passed(stats_buf)) {
		/* the verifier passed it; what failed came after (a prog array slot naming a
		 * program this pass does not load, say) */
		printf("@@OPENED-VERDICT accepted errno=0\n");
		print_note(libbpf_msgs);
		print_tail(stats_buf);
	} else if (stats_buf[0]) {
		printf("@@OPENED-VERDICT rejected errno=%d\n", -err);
		fflush(stdout);
		again = load_at(path, index, 1 | 4, log_buf, LOG_SIZE);
		/* a kernel that keeps the log's tail when it overflows (6.4 on) still ends it with the
		 * stats line; one that keeps the head (6.1) does not, and the tail is lost */
		if (again != 0 && log_buf[0] && (again != -ENOSPC || strstr(log_buf, " insns (limit "))) {
			print_tail(log_buf);
		} else {
			if (again == -ENOSPC)
				printf("@@OPENED-NOTE the full verifier log is over %u MiB: the failing instruction is not shown\n",
				       LOG_SIZE >> 20);
			print_tail(stats_buf);
		}
	} else {
		printf("@@OPENED-VERDICT not-loaded errno=%d\n", -err);
		print_tail(libbpf_msgs);
	}
	printf("@@OPENED-END\n");
	fflush(stdout);
	return 0;
}

/* ---- packet tests ---- */

#define MAX_PACKETS 4096
#define OUT_SIZE 65536
#define MAX_SNAPSHOT (16u << 20)
#define MAX_PRINTED 256

static unsigned char *pkt_data[MAX_PACKETS];
static __u32 pkt_len[MAX_PACKETS];
static int pkt_count;
static unsigned char out_buf[OUT_SIZE];

static int read_packets(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char len4[4];

	if (!f)
		return -errno;
	while (pkt_count < MAX_PACKETS && fread(len4, 1, 4, f) == 4) {
		__u32 len = len4[0] | len4[1] << 8 | len4[2] << 16 | (__u32)len4[3] << 24;
		pkt_data[pkt_count] = malloc(len ? len : 1);
		if (!pkt_data[pkt_count] || fread(pkt_data[pkt_count], 1, len, f) != len)
			break;
		pkt_len[pkt_count++] = len;
	}
	fclose(f);
	return 0;
}

static void print_hex(const unsigned char *p, size_t n)
{
	size_t i;

	if (!n)
		putchar('-');
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

/* Only maps whose entries a test can read and put back; the rest are not compared. */
static int comparable(const struct bpf_map *map)
{
	const char *name = bpf_map__name(map);
	size_t n = strlen(name);

	if (n >= 7 && (!strcmp(name + n - 7, ".rodata") || !strcmp(name + n - 7, ".kconfig")))
		return 0;
	switch (bpf_map__type(map)) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		return 1;
	default:
		return 0;
	}
}

static int is_array(const struct bpf_map *map)
{
	return bpf_map__type(map) == BPF_MAP_TYPE_ARRAY || bpf_map__type(map) == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static int is_percpu(const struct bpf_map *map)
{
	enum bpf_map_type t = bpf_map__type(map);
	return t == BPF_MAP_TYPE_PERCPU_ARRAY || t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* What one lookup returns: a per-CPU map gives one 8-byte-aligned slot per possible CPU. */
static size_t value_bytes(const struct bpf_map *map)
{
	size_t v = bpf_map__value_size(map);
	return is_percpu(map) ? ((v + 7) & ~(size_t)7) * libbpf_num_possible_cpus() : v;
}

struct snapshot {
	struct bpf_map *map;
	int fd;
	size_t ksize, vsize, count;
	unsigned char *keys, *values;
};

static struct snapshot snaps[64];
static int snap_count;

static void free_snapshots(void)
{
	int i;

	for (i = 0; i < snap_count; i++) {
		free(snaps[i].keys);
		free(snaps[i].values);
	}
	snap_count = 0;
}

/* Every entry of every comparable map as the load left it (.data and .bss hold their initial values). */
static void take_snapshots(struct bpf_object *obj)
{
	struct bpf_map *map;

	free_snapshots();
	bpf_object__for_each_map(map, obj) {
		struct snapshot *s;
		size_t max = bpf_map__max_entries(map), n = 0;
		unsigned char *prev = NULL;

		if (!comparable(map) || snap_count >= 64)
			continue;
		s = &snaps[snap_count];
		s->map = map;
		s->fd = bpf_map__fd(map);
		s->ksize = bpf_map__key_size(map);
		s->vsize = value_bytes(map);
		if (max * (s->ksize + s->vsize) > MAX_SNAPSHOT)
			continue;
		s->keys = calloc(max ? max : 1, s->ksize);
		s->values = calloc(max ? max : 1, s->vsize);
		if (!s->keys || !s->values)
			continue;
		while (n < max && !bpf_map_get_next_key(s->fd, prev, s->keys + n * s->ksize)) {
			if (bpf_map_lookup_elem(s->fd, s->keys + n * s->ksize, s->values + n * s->vsize))
				break;
			prev = s->keys + n * s->ksize;
			n++;
		}
		s->count = n;
		snap_count++;
	}
}

static void restore_snapshots(void)
{
	int i;
	size_t j;
	unsigned char key[512], next[512];

	for (i = 0; i < snap_count; i++) {
		struct snapshot *s = &snaps[i];
		if (!is_array(s->map) && s->ksize <= sizeof(key)) {
			while (!bpf_map_get_next_key(s->fd, NULL, next)) {
				memcpy(key, next, s->ksize);
				if (bpf_map_delete_elem(s->fd, key))
					break;
			}
		}
		for (j = 0; j < s->count; j++)
			bpf_map_update_elem(s->fd, s->keys + j * s->ksize, s->values + j * s->vsize, BPF_ANY);
	}
}

static int all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static void print_maps(int packet)
{
	int i;
	unsigned char key[512], value[65536];

	for (i = 0; i < snap_count; i++) {
		struct snapshot *s = &snaps[i];
		void *prev = NULL;
		int printed = 0;

		if (s->ksize > sizeof(key) || s->vsize > sizeof(value))
			continue;
		while (!bpf_map_get_next_key(s->fd, prev, key) && printed < MAX_PRINTED) {
			if (!bpf_map_lookup_elem(s->fd, key, value) && !(is_array(s->map) && all_zero(value, s->vsize))) {
				printf("@@OPENED-MAP %d %s ", packet, bpf_map__name(s->map));
				print_hex(key, s->ksize);
				putchar(' ');
				print_hex(value, s->vsize);
				putchar('\n');
				printed++;
			}
			prev = key;
		}
	}
}

/* Why the kernel cannot test-run a program of this type; NULL when it can. */
static const char *not_testable(enum bpf_prog_type t)
{
	switch (t) {
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return NULL;
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
		return "a tracing program runs on kernel events, not on packets: BPF_PROG_TEST_RUN does not run this type";
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		return "a tracing program's test run takes the traced function's arguments, not a packet";
	default:
		return "BPF_PROG_TEST_RUN runs packets through xdp, tc, cgroup_skb and socket filter programs only";
	}
}

static int test_one(const char *path, int index)
{
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct bpf_program *target;
	struct bpf_object *obj;
	const char *why;
	int err, fd, i, is_skb;

	obj = open_or_report(path, file, index, &target, &err);
	if (!obj)
		return err;
	printf("@@OPENED-PROG obj=%s prog=%s sec=%s type=%s\n", file, bpf_program__name(target),
	       bpf_program__section_name(target), libbpf_bpf_prog_type_str(bpf_program__type(target)) ?: "unknown");
	why = not_testable(bpf_program__type(target));
	if (why) {
		printf("@@OPENED-VERDICT untested errno=0\n@@OPENED-UNTESTABLE %s\n@@OPENED-END\n", why);
		bpf_object__close(obj);
		return 0;
	}
	stats_buf[0] = '\0';
	bpf_program__set_log_buf(target, stats_buf, sizeof(stats_buf));
	bpf_program__set_log_level(target, 4);
	err = bpf_object__load(obj);
	if (err) {
		printf("@@OPENED-VERDICT %s errno=%d\n", stats_buf[0] ? "rejected" : "not-loaded", -err);
		print_tail(stats_buf[0] ? stats_buf : libbpf_msgs);
		printf("@@OPENED-END\n");
		bpf_object__close(obj);
		return 0;
	}
	printf("@@OPENED-VERDICT accepted errno=0\n");
	fd = bpf_program__fd(target);
	is_skb = bpf_program__type(target) != BPF_PROG_TYPE_XDP;
	take_snapshots(obj);
	for (i = 0; i < pkt_count; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt_data[i], .data_size_in = pkt_len[i],
			    .data_out = out_buf, .data_size_out = sizeof(out_buf), .repeat = 1);
		/* an XDP test run's packet arrives on the loopback device (ifindex 1); an skb's says so
		 * too, as a tc program attached at that device's ingress would see it */
		struct __sk_buff skb_ctx = { .ifindex = 1, .ingress_ifindex = 1 };

		if (is_skb) {
			opts.ctx_in = &skb_ctx;
			opts.ctx_size_in = sizeof(skb_ctx);
		}
		restore_snapshots();
		err = bpf_prog_test_run_opts(fd, &opts);
		printf("@@OPENED-PKT %d ret=%u errno=%d out=", i, opts.retval, err ? errno : 0);
		if (err)
			putchar('-');
		else if (opts.data_size_out == pkt_len[i] && !memcmp(out_buf, pkt_data[i], pkt_len[i]))
			printf("same");
		else
			print_hex(out_buf, opts.data_size_out < sizeof(out_buf) ? opts.data_size_out : sizeof(out_buf));
		putchar('\n');
		print_maps(i);
	}
	free_snapshots();
	bpf_object__close(obj);
	printf("@@OPENED-END\n");
	fflush(stdout);
	return 0;
}

/* Helper names by id, from the UAPI header's own list. */
#define OPENED_FN(x, ...) "bpf_" #x
static const char *helper_names[] = { __BPF_FUNC_MAPPER(OPENED_FN) };

static void probe(void)
{
	int type, id;
	int count = sizeof(helper_names) / sizeof(helper_names[0]);

	for (type = BPF_PROG_TYPE_SOCKET_FILTER; ; type++) {
		const char *tname = libbpf_bpf_prog_type_str(type);
		if (!tname)
			break;
		if (libbpf_probe_bpf_prog_type(type, NULL) != 1) {
			printf("@@OPENED-PROBE-TYPE %s unsupported\n", tname);
			continue;
		}
		/* some types (tracing, lsm, ext, struct_ops) load only with an attach target: libbpf
		 * cannot probe their helpers and says so with an error, not with a no */
		if (libbpf_probe_bpf_helper(type, BPF_FUNC_map_lookup_elem, NULL) < 0) {
			printf("@@OPENED-PROBE-TYPE %s unprobeable\n", tname);
			continue;
		}
		printf("@@OPENED-PROBE-TYPE %s supported\n", tname);
		for (id = 1; id < count; id++) {
			if (libbpf_probe_bpf_helper(type, id, NULL) == 1)
				printf("@@OPENED-PROBE %s %s\n", tname, helper_names[id]);
		}
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int a, testing = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(collect);
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	log_buf = malloc(LOG_SIZE);
	if (!log_buf) {
		fprintf(stderr, "opened-loader: out of memory\n");
		return 1;
	}
	if (argc > 2 && !strcmp(argv[1], "--test")) {
		int e = read_packets(argv[2]);
		if (e) {
			fprintf(stderr, "opened-loader: %s: %s\n", argv[2], strerror(-e));
			return 1;
		}
		testing = 1;
		argv += 2;
		argc -= 2;
	}
	for (a = 1; a < argc; a++) {
		int i, r;

		if (!strcmp(argv[a], "--probe")) {
			probe();
			continue;
		}
		for (i = 0; ; i++) {
			r = testing ? test_one(argv[a], i) : load_one(argv[a], i);
			if (r == -2) {
				const char *file = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
				printf("@@OPENED-PROG obj=%s prog=- sec=- type=-\n", file);
				printf("@@OPENED-VERDICT no-programs errno=0\n@@OPENED-END\n");
			}
			if (r < 0)
				break;
		}
	}
	printf("@@OPENED-DONE\n");
	fflush(stdout);
	free(log_buf);
	return 0;
}
