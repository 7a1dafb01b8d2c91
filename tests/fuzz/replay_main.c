/*
 * replay_main.c - run a fuzz target over saved inputs without libFuzzer,
 * so that the corpus is a regression test under gcc and ASan. Each
 * argument is an input file or a directory of them (one level deep).
 */
#include <sys/stat.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Read path whole and give it to the target, in a buffer of exactly its
 * size so that ASan sees any read past the end. -1 if it cannot be read.
 */
static int
replay_file(const char *path)
{
	FILE	*f;
	uint8_t	*buf;
	long	 sz;
	int	 rc = -1;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc(sz > 0 ? (size_t)sz : 1)) != NULL) {
		if (fread(buf, 1, (size_t)sz, f) == (size_t)sz) {
			LLVMFuzzerTestOneInput(buf, (size_t)sz);
			rc = 0;
		}
		free(buf);
	}
	if (rc != 0)
		fprintf(stderr, "%s: cannot read\n", path);
	fclose(f);
	return rc;
}

/* Replay the regular files of dir, skipping dot files; -1 on an error. */
static int
replay_dir(const char *dir, int *count)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		 path[4096];
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path) || stat(path, &st) != 0) {
			rc = -1;
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if (replay_file(path) != 0)
			rc = -1;
		(*count)++;
	}
	closedir(d);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct stat	 st;
	int		 i, count = 0, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s file|dir ...\n", argv[0]);
		return EXIT_FAILURE;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) != 0)
				rc = -1;
		} else {
			if (replay_file(argv[i]) != 0)
				rc = -1;
			count++;
		}
	}
	printf("%s: replayed %d inputs\n", argv[0], count);
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
