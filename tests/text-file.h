/* Tangled from book/a1-000-tests.nw by 'make tangle'. Edit the book, not this file. */
/* The text of the file DIR/NAME, read whole (at most 64 KiB) into a buffer
   that the next call overwrites; "" if the file cannot be read. */
#ifndef TEXT_FILE_H
#define TEXT_FILE_H
#include <stdio.h>

static inline char *read_text(const char *dir, const char *name)
{
    static char buf[1 << 16];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    return buf;
}
#endif
