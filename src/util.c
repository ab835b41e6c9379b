/* Small text and file-system helpers: see include/util.h. */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
str_trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\r'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' ||
	    (*e)[-1] == '\r'))
		(*e)--;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
dir_list(const char *dir, size_t *n)
{
	char **v = xcalloc(1, sizeof *v);
	size_t cap = 1;
	DIR *dp;
	struct dirent *de;

	*n = 0;
	if ((dp = opendir(dir)) == NULL) {
		int saved = errno;

		free(v);
		errno = saved;
		return NULL;
	}
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		XGROW(&v, n, &cap);
		v[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dp);
	qsort(v, *n, sizeof *v, name_cmp);
	return v;
}

void
dir_list_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
