/* Tangled from book/a1-300-trainer.nw by 'make tangle'. Edit the book, not this file. */
/* Count the temporary files that model saves leave in a folder. */
#ifndef TEMP_FILES_H
#define TEMP_FILES_H
#include <dirent.h>
#include <string.h>

static inline int count_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int k = 0;
    while (d && (e = readdir(d)))
        k += strstr(e->d_name, ".tmp-") != NULL;
    if (d)
        closedir(d);
    return k;
}
#endif
