# Tangled from book/a8-pytorch.nw by 'make tangle'. Edit the book, not this file.
"""make bench's PyTorch half: one epoch of the speed chapter's networks,
configurations A and C, at PyTorch's fastest thread setting, in turns
with the library's benchmark (the program named by the one argument,
run with --serve).  Prints a table, then each value as a line
'result KEY VALUE' for make bench.  MNIST_DIR names the IDX files' folder."""
import os, statistics, struct, subprocess, sys, time
import torch
from torch import nn

RUNS, WARM_STEPS, PROBE_STEPS = 7, 30, 200      # 7 rounds; probes of 200 steps

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
    t0, c0 = time.perf_counter(), time.process_time()
    order = torch.randperm(len(x))
    xs, ys = x[order], y[order]                 # one gather per epoch
    for k, i in enumerate(range(0, len(x), batch)):
        if steps is not None and k == steps:
            break
        loss = loss_fn(net(xs[i:i + batch]), ys[i:i + batch])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - t0
    return seconds, (time.process_time() - c0) / seconds   # seconds, cores busy

# <<PyTorch bench: the library's epochs, on request>>
class Library:
    def __init__(self, program):
        self.program = program
        self.p = subprocess.Popen([program, "--serve"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        self.expect("ready")

    def expect(self, word):
        line = self.p.stdout.readline().split()
        if not line or line[0] != word:
            sys.exit(f"bench.py: {self.program} --serve answered {line}, not {word}")
        return line

    def epoch(self, name):                      # 'a' or 'c', on 2 threads
        self.p.stdin.write(name + "\n")
        self.p.stdin.flush()
        return float(self.expect("seconds")[1])

    def close(self):
        self.p.stdin.close()
        self.p.wait()

# <<PyTorch bench: find PyTorch's fastest thread setting>>
def fastest_setting(name, make, x, y):
    default = torch.get_num_threads()
    settings = [("default", default)] + [(str(t), t) for t in (1, 2) if t != default]
    best = {}                                   # label: (seconds, cores)
    for _ in range(2):
        for label, threads in settings:
            torch.set_num_threads(threads)
            net, opt, batch = make()
            epoch(net, opt, x, y, batch, steps=WARM_STEPS)
            s = epoch(net, opt, x, y, batch, steps=PROBE_STEPS)
            best[label] = min(s, best.get(label, s))
    for label, threads in settings:
        print(f"config {name.upper()}, threads {label:>7} ({threads}): "
              f"{best[label][0]:6.2f} s for {PROBE_STEPS} steps, "
              f"{best[label][1]:.2f} cores busy")
    label = min(best, key=best.get)
    return label, dict(settings)[label]

# <<PyTorch bench: time both in turns>>
def in_turns(name, make, x, y, lib):
    label, threads = fastest_setting(name, make, x, y)
    torch.set_num_threads(threads)
    net, opt, batch = make()
    epoch(net, opt, x, y, batch, steps=WARM_STEPS)
    ours, theirs, cores = [], [], []
    for k in range(RUNS):
        if k % 2 == 0:
            ours.append(lib.epoch(name))
        seconds, busy = epoch(net, opt, x, y, batch)
        theirs.append(seconds), cores.append(busy)
        if k % 2 == 1:
            ours.append(lib.epoch(name))
        print(f"config {name.upper()}, round {k + 1}: library {ours[-1]:6.2f} s, "
              f"PyTorch {theirs[-1]:6.2f} s on {busy:.2f} cores, "
              f"ratio {ours[-1] / theirs[-1]:.3f}")
    ratios = [o / t for o, t in zip(ours, theirs)]
    return {f"{name}_seconds_paired": f"{statistics.median(ours):.3f}",
            f"torch_{name}_seconds": f"{statistics.median(theirs):.3f}",
            f"torch_{name}_threads": label,
            f"torch_{name}_cores": f"{statistics.median(cores):.2f}",
            f"{name}_torch_ratio": f"{statistics.median(ratios):.3f}",
            f"{name}_torch_ratio_min": f"{min(ratios):.3f}",
            f"{name}_torch_ratio_max": f"{max(ratios):.3f}"}
# <<PyTorch bench: time both in turns>>
def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench.py PROGRAM (the library's bench/train)")
    torch.manual_seed(20261122)                 # XP_SEED
    x, y = load_mnist("train")
    default = torch.get_num_threads()
    print(f"PyTorch {torch.__version__}: one epoch of {len(x)} MNIST images, "
          f"{RUNS} rounds in turns with the library; default threads: {default}")
    results = {"torch_version": torch.__version__, "torch_default_threads": default}
    lib = Library(sys.argv[1])
    for name, make in (("a", config_a), ("c", config_c)):
        results.update(in_turns(name, make, x, y, lib))
    lib.close()
    for key, value in results.items():
        print(f"result {key} {value}")

if __name__ == "__main__":
    main()
