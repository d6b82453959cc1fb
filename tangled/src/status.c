/* Tangled from book/05-backprop.nw by 'make tangle'. Edit the book, not this file. */
#include "nn.h"

const char *nn_strerror(nn_status s)
{
    switch (s) {
    case NN_OK:     return "success";
    case NN_EINVAL: return "invalid argument";
    case NN_ENOMEM: return "out of memory";
    /* <<messages of further status codes>> */
    }
    return "unknown status";
}
