/*
 * free: memory usage from /proc/meminfo, laid out like procps free.
 *
 *   free [-b | -k | -m | -g | -h]
 *
 * Columns total, used, free, shared, buff/cache, available for "Mem:", and total, used, free
 * for "Swap:". As in procps 4, used = total - available, and buff/cache = Buffers + Cached +
 * SReclaimable; fields missing from /proc/meminfo count as 0, and without MemAvailable,
 * available = free + buff/cache.
 * Units: KiB by default, -b bytes, -m MiB, -g GiB, -h human-readable (B, Ki, Mi, Gi).
 */
#include <stdio.h>
#include <string.h>

/* A /proc/meminfo field in KiB, or -1 when absent. */
static long long field(const char *info, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = info; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, name, len) == 0 && p[len] == ':') {
			long long v = -1;
			sscanf(p + len + 1, "%lld", &v);
			return v;
		}
	return -1;
}

static long long or0(long long v) { return v < 0 ? 0 : v; }

static char unit = 'k';

/* Formats a KiB amount in the chosen unit, right-aligned in 12 columns (as procps does). */
static const char *show(long long kib, char *buf, size_t size)
{
	if (unit == 'h') {
		static const char *suffix[] = { "B", "Ki", "Mi", "Gi", "Ti", "Pi" };
		double v = (double)kib * 1024;
		int i = 0;
		while (v >= 1024 && i < 5) {
			v /= 1024;
			i++;
		}
		if (i == 0 || v >= 10)
			snprintf(buf, size, "%11lld%s", (long long)v, suffix[i]); /* truncated, as procps */
		else
			snprintf(buf, size, "%10.1f%s", v, suffix[i]);
		/* right-align to 12 columns whatever the suffix length */
		char tmp[32];
		snprintf(tmp, sizeof tmp, "%12s", buf + strspn(buf, " "));
		snprintf(buf, size, "%s", tmp);
		return buf;
	}
	long long v = unit == 'b' ? kib * 1024 : unit == 'm' ? kib / 1024 : unit == 'g' ? kib / (1024 * 1024) : kib;
	snprintf(buf, size, "%12lld", v);
	return buf;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && strchr("bkmgh", argv[i][1]) && argv[i][1] && !argv[i][2]) {
			unit = argv[i][1];
		} else {
			fprintf(stderr, "usage: free [-b|-k|-m|-g|-h]\n");
			return 2;
		}
	}
	static char info[8192];
	FILE *f = fopen("/proc/meminfo", "re");
	if (!f) {
		perror("free: /proc/meminfo");
		return 1;
	}
	size_t n = fread(info, 1, sizeof info - 1, f);
	info[n] = 0;
	fclose(f);

	long long total = or0(field(info, "MemTotal")), mfree = or0(field(info, "MemFree"));
	long long cache = or0(field(info, "Buffers")) + or0(field(info, "Cached")) + or0(field(info, "SReclaimable"));
	long long shared = or0(field(info, "Shmem")), avail = field(info, "MemAvailable");
	if (avail < 0)
		avail = mfree + cache;
	if (avail > total)
		avail = total;
	long long used = total - avail;
	long long stotal = or0(field(info, "SwapTotal")), sfree = or0(field(info, "SwapFree"));

	char b[6][32];
	printf("               total        used        free      shared  buff/cache   available\n");
	printf("Mem:    %s%s%s%s%s%s\n", show(total, b[0], 32), show(used, b[1], 32), show(mfree, b[2], 32),
	       show(shared, b[3], 32), show(cache, b[4], 32), show(avail, b[5], 32));
	printf("Swap:   %s%s%s\n", show(stotal, b[0], 32), show(stotal - sfree, b[1], 32), show(sfree, b[2], 32));
	return 0;
}
