# Tangled from book/a8-pytorch.nw by 'make tangle'. Edit the book, not this file.
"""The library's MNIST run with Adam (optim-mnist), written in PyTorch.
Usage: optim-mnist.py LIBDATA OUTDIR, where LIBDATA holds optim-mnist's
indices.txt and losses.dat; MNIST_DIR names the folder of the IDX files."""
import os, struct, sys
import torch
from torch import nn

EPOCHS, BATCH, HIDDEN, LR = 8, 32, 100, 1e-3    # as optim-mnist; Adam's rate

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
def main(libdata, outdir):
    torch.manual_seed(20261122)                 # XP_SEED, another generator
    torch.set_num_threads(1)
    x, y = load_mnist("train")
    with open(f"{libdata}/indices.txt") as f:
        fit, val = (torch.tensor([int(v) for v in line.split()]) for line in f)
    # <<PyTorch run: the network, its loss and its optimizer>>
    net = nn.Sequential(nn.Linear(784, HIDDEN), nn.ReLU(),   # nn_net_mlp
                        nn.Linear(HIDDEN, 10))
    for layer in net:
        if isinstance(layer, nn.Linear):            # NN_INIT_HE_NORMAL, zero biases
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)
    loss_fn = nn.CrossEntropyLoss()                 # NN_LOSS_SOFTMAX_CE
    opt = torch.optim.Adam(net.parameters(), lr=LR)  # nn_optim_create
    # <<PyTorch run: train as nn_train does>>
    losses = []
    for epoch in range(1, EPOCHS + 1):              # nn_train
        total = 0.0
        for batch in torch.randperm(len(fit)).split(BATCH):   # nn_shuffle
            xb, yb = x[fit[batch]], y[fit[batch]]   # nn_dataset_gather
            loss = loss_fn(net(xb), yb)             # nn_net_forward
            opt.zero_grad()
            loss.backward()                         # nn_net_loss_backward
            opt.step()                              # nn_optim_step
            total += loss.item() * len(batch)
        with torch.no_grad():                       # nn_evaluate
            acc = (net(x[val]).argmax(1) == y[val]).float().mean().item()
        losses.append(total / len(fit))
        print(f"epoch {epoch}  train loss {losses[-1]:.4f}  val acc {acc:.4f}")
    write_losses(libdata, outdir, losses)

def write_losses(libdata, outdir, losses):
    with open(f"{libdata}/losses.dat") as f:
        rows = [line.split() for line in f]
    col = rows[0].index("Adam")
    with open(f"{outdir}/losses.dat", "w") as f:
        f.write("# epoch library pytorch\n")
        for row, loss in zip(rows[1:], losses):
            f.write(f"{row[0]} {row[col]} {loss:.5f}\n")

if __name__ == "__main__":
    main(*sys.argv[1:3])
