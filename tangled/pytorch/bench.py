# Tangled from book/a8-pytorch.nw by 'make tangle'. Edit the book, not this file.
"""make bench's PyTorch half: one epoch of the speed chapter's networks,
configurations A and C, at PyTorch's fastest thread setting.  Prints a
table, then each value as a line 'result KEY VALUE' for make bench.
MNIST_DIR names the folder of the IDX files."""
import os, statistics, struct, time
import torch
from torch import nn

RUNS, WARM_STEPS = 5, 30                        # median of 5 epochs

# <<PyTorch: read the MNIST files>>
def read_idx(path):                             # nn_idx_read
    with open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(raw[4 + 4 * dims:]),
                            dtype=torch.uint8).reshape(shape)

def load_mnist(prefix):                         # nn_mnist_load
    d = os.environ.get("MNIST_DIR") or "data/mnist"
    x = read_idx(f"{d}/{prefix}-images-idx3-ubyte").reshape(-1, 784)
    y = read_idx(f"{d}/{prefix}-labels-idx1-ubyte").long()
    return x.float() / 255, y

# <<PyTorch bench: the two configurations>>
def config_a():
    net = nn.Sequential(nn.Linear(784, 800), nn.ReLU(), nn.Linear(800, 800), nn.ReLU(),
                        nn.Linear(800, 10))
    return net, torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9), 64

def config_c():
    layers, n = [], 784
    for width in (256, 256):                    # nn_net_mlp_norm: dense, BN, ReLU,
        layers += [nn.Linear(n, width), nn.BatchNorm1d(width), nn.ReLU(),
                   nn.Dropout(0.2)]             # then dropout
        n = width
    net = nn.Sequential(*layers, nn.Linear(n, 10))
    return net, torch.optim.Adam(net.parameters(), lr=1e-3), 128

# <<PyTorch bench: one timed epoch>>
def epoch(net, opt, x, y, batch, steps=None):
    loss_fn = nn.CrossEntropyLoss()
    net.train()
    t0 = time.perf_counter()
    order = torch.randperm(len(x))
    xs, ys = x[order], y[order]                 # one gather per epoch
    for k, i in enumerate(range(0, len(x), batch)):
        if steps is not None and k == steps:
            break
        loss = loss_fn(net(xs[i:i + batch]), ys[i:i + batch])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return time.perf_counter() - t0

# <<PyTorch bench: time each configuration at each thread setting>>
def main():
    torch.manual_seed(20261122)                 # XP_SEED
    x, y = load_mnist("train")
    default = torch.get_num_threads()
    settings = [("default", default), ("1", 1), ("2", 2)]
    print(f"PyTorch {torch.__version__}: one epoch of {len(x)} MNIST images, "
          f"median of {RUNS}; default threads: {default}")
    results = {"torch_version": torch.__version__, "torch_default_threads": default}
    for name, make in (("a", config_a), ("c", config_c)):
        # <<PyTorch bench: time one configuration at every setting>>
        best = None
        for label, threads in settings:
            torch.set_num_threads(threads)
            net, opt, batch = make()
            epoch(net, opt, x, y, batch, steps=WARM_STEPS)
            s = statistics.median(epoch(net, opt, x, y, batch) for _ in range(RUNS))
            print(f"config {name.upper()}, threads {label:>7}: {s:6.2f} s per epoch")
            results[f"torch_{name}_seconds_{label}"] = f"{s:.3f}"
            if best is None or s < best[0]:
                best = (s, label)
        results[f"torch_{name}_seconds"] = f"{best[0]:.3f}"
        results[f"torch_{name}_threads"] = best[1]
    for key, value in results.items():
        print(f"result {key} {value}")

if __name__ == "__main__":
    main()
