/* Tangled from book/140-backprop.nw by 'make tangle'. Edit the book, not this file. */
#include <stdarg.h>
#include <stdio.h>
#include "nn.h"

const char *nn_strerror(nn_status s)
{
    switch (s) {
    case NN_OK:     return "success";
    case NN_EINVAL: return "invalid argument";
    case NN_ENOMEM: return "out of memory";
    /* <<messages of further status codes>> */
    case NN_EIO:       return "cannot read or write a file";
    case NN_EFORMAT:   return "malformed file";
    case NN_EDIVERGED: return "training diverged";
    case NN_ESTOPPED:  return "training stopped on request";
    }
    return "unknown status";
}

nn_status nn_error_set(nn_error *err, nn_status s, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->status = s;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return s;
}
