# Tangled from book/a3-golden.nw by 'make tangle'. Edit the book, not this file.
# python3 generate.py [FOLDER]: write the golden vectors (default folder tests/golden).
import math, os, sys, zlib
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

# <<write golden numbers and files>>
def golden_number(v):
    v = float(v)
    if not math.isfinite(v):
        raise ValueError("a golden value must be finite, got %r" % v)
    return "%.17g" % (v if v != 0 else 0.0)


def golden_word(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int)):
        return str(int(value))      # booleans as 0/1, sizes without a point
    return golden_number(value)
# <<write golden numbers and files>>
class GoldenFile:
    def __init__(self, group):
        self.group, self.names = group, set()
        version = torch.__version__.split("+")[0]
        self.lines = ["# golden test vectors: group " + group,
                      "# written by tangled/golden/generate.py (book/a3-golden.nw),"
                      " PyTorch %s, float64" % version,
                      "# format: case NAME / param KEY VALUE / tensor NAME ROWS COLS"
                      " / end", ""]

    # <<add one case to a GoldenFile>>
    def case(self, name, op, params, tensors):
        assert name not in self.names and len(name) <= 40, name
        self.names.add(name)
        self.lines.append("case " + name)
        for key, value in [("op", op)] + list(params):
            self.lines.append("param %s %s" % (key, golden_word(value)))
        for tname, t in tensors:
            t = torch.as_tensor(t, dtype=torch.float64).detach()
            t = t.reshape(1, -1) if t.dim() < 2 else t
            self.lines.append("tensor %s %d %d" % (tname, t.shape[0], t.shape[1]))
            self.lines += [" ".join(golden_number(v) for v in row) for row in t.tolist()]
        self.lines += ["end", ""]

    def write(self, folder):
        with open(os.path.join(folder, self.group + ".txt"), "w") as f:
            f.write("\n".join(self.lines))
# <<random inputs, one generator per case>>
def rng(name):
    return torch.Generator().manual_seed(zlib.crc32(name.encode()))


def randn(g, rows, cols, scale=1.0):
    return torch.randn(rows, cols, generator=g) * scale


def leaf(t):
    """A copy of t that autograd differentiates with respect to."""
    return t.clone().requires_grad_(True)


def vjp(output, dy, inputs):
    """The gradients of sum(output * dy) with respect to the inputs."""
    return torch.autograd.grad((output * dy).sum(), inputs)
# <<golden cases for activations>>
ACTIVATIONS = {
    "sigmoid":     ([], torch.sigmoid),
    "tanh":        ([], torch.tanh),
    "relu":        ([], torch.relu),
    "leaky_relu":  ([("alpha", 0.01)], lambda x: F.leaky_relu(x, 0.01)),
    "elu":         ([("alpha", 1.0)], lambda x: F.elu(x, 1.0)),
    "gelu_erf":    ([], F.gelu),
    "gelu_tanh":   ([], lambda x: F.gelu(x, approximate="tanh")),
    "softplus":    ([("beta", 1), ("threshold", 20)], lambda x: F.softplus(x, 1, 20)),
    "softmax":     ([], lambda x: torch.softmax(x, dim=1)),
    "log_softmax": ([], lambda x: torch.log_softmax(x, dim=1)),
}
OTHER_PARAMETERS = [("leaky_relu", [("alpha", 0.2)], lambda x: F.leaky_relu(x, 0.2)),
                    ("elu", [("alpha", 0.5)], lambda x: F.elu(x, 0.5))]
# <<golden cases for activations>>
ELEMENTWISE_EXTREMES = [[-1000, -40, -8.5, -1, -1e-12, 1e-12, 0.5, 3, 40, 1000],
                        [-20.5, -5, -2.5, -0.1, -1e-6, 1e-6, 0.1, 19.5, 20, 20.5]]
ROWWISE_EXTREMES = [[1000, 999, -1000, 0.5, 0], [-1000, -1001, -999.5, -1000, -1003],
                    [2, 2, 2, 2, 2], [40, -40, 1e-12, -1e-12, 3]]


def activation_case(out, name, op, params, f, x0):
    x, dy = leaf(x0), randn(rng(name + ".dy"), *x0.shape)
    y = f(x)
    (dx,) = vjp(y, dy, [x])
    out.case(name, op, params, [("x", x), ("dy", dy), ("y", y), ("dx", dx)])
# <<golden cases for activations>>
def activation_cases(out):
    for op, (params, f) in ACTIVATIONS.items():
        rowwise = op in ("softmax", "log_softmax")
        extremes = ROWWISE_EXTREMES if rowwise else ELEMENTWISE_EXTREMES
        for what, x in [("random", randn(rng(op), 4, 5, 2.0)),
                        ("extremes", torch.tensor(extremes, dtype=torch.float64)),
                        ("one_row", randn(rng(op + ".row"), 1, 7, 3.0)),
                        ("one_column", randn(rng(op + ".column"), 3, 1, 3.0))]:
            activation_case(out, op + "_" + what, op, params, f, x)
    for op, params, f in OTHER_PARAMETERS:
        name = op + "_other_alpha"
        activation_case(out, name, op, params, f, randn(rng(name), 3, 4, 2.0))
# <<golden cases for the dense layer>>
def linear_cases(out):
    for name, (B, n, m) in [("linear_batch", (4, 3, 5)),
                            ("linear_one_example", (1, 6, 2)),
                            ("linear_square", (3, 4, 4)),
                            ("linear_one_output", (5, 3, 1)),
                            ("linear_scalar", (1, 1, 1))]:
        g = rng(name)
        x, W, b = leaf(randn(g, B, n)), leaf(randn(g, n, m, 0.5)), leaf(randn(g, 1, m))
        dy = randn(g, B, m)
        y = x @ W + b
        dx, dW, db = vjp(y, dy, [x, W, b])
        out.case(name, "linear", [], [("x", x), ("W", W), ("b", b), ("dy", dy),
                                      ("y", y), ("dx", dx), ("dW", dW), ("db", db)])
# <<golden cases for losses>>
TIES_AND_KINKS = ([[0.25, 1.25, -0.5, 3.0], [2.0, -1.0, 0.125, 0.75]],
                  [[0.25, 0.25, 0.5, -3.0], [1.5, -0.5, 0.125, 1.75]])


def loss_case(out, name, op, params, inputs, names, f):
    first = leaf(inputs[0])          # the loss is differentiated for its first input
    loss = f(first, *inputs[1:])
    (d,) = torch.autograd.grad(loss, [first])
    tensors = list(zip(names, [first] + list(inputs[1:])))
    out.case(name, op, [("reduction", "mean")] + params,
             tensors + [("loss", loss.reshape(1, 1)), ("d" + names[0], d)])
# <<golden cases for losses>>
def huber(delta):
    return lambda p, t: F.huber_loss(p, t, delta=delta)


REGRESSION = [("mse", [], F.mse_loss), ("mae", [], F.l1_loss),
              ("huber", [("delta", 1.0)], huber(1.0)),
              ("huber_half", [("delta", 0.5)], huber(0.5))]


def regression_cases(out):
    for tag, params, f in REGRESSION:
        g = rng(tag)
        for what, p, t in [("random", randn(g, 4, 3, 2.0), randn(g, 4, 3)),
                           ("one_value", randn(g, 1, 1, 3.0), randn(g, 1, 1)),
                           ("ties_and_kinks", *map(torch.tensor, TIES_AND_KINKS))]:
            loss_case(out, tag + "_" + what, tag.split("_")[0], params, [p, t],
                      ["pred", "target"], f)
# <<golden cases for losses>>
def bce_cases(out):
    g = rng("bce_with_logits")
    for what, x, t in [("random", randn(g, 4, 3, 2.0), torch.rand(4, 3, generator=g)),
                       ("hard_targets", randn(g, 5, 2, 2.0),
                        torch.randint(0, 2, (5, 2), generator=g).double()),
                       ("large_logits", torch.tensor([[1000.0, -1000, 40, -40, 0.5]]),
                        torch.tensor([[0.0, 1, 1, 0.25, 0.5]]))]:
        loss_case(out, "bce_with_logits_" + what, "bce_with_logits", [], [x, t],
                  ["logits", "target"], F.binary_cross_entropy_with_logits)
# <<golden cases for losses>>
def class_cases(out):
    g = rng("softmax_cross_entropy")
    for what, x, labels in [
            ("random", randn(g, 4, 5, 2.0), [0, 4, 2, 2]),
            ("one_example", randn(g, 1, 10), [7]),
            ("large_logits", torch.tensor([[1000.0, -1000, 0], [-1000, -1001, -999]]),
             [1, 2]),
            ("one_class", randn(g, 3, 1), [0, 0, 0])]:
        loss_case(out, "softmax_cross_entropy_" + what, "softmax_cross_entropy", [],
                  [x, torch.tensor(labels)], ["logits", "labels"], F.cross_entropy)
    g = rng("nll")
    for what, x, labels in [("random", randn(g, 4, 3), [2, 0, 1, 2]),
                            ("one_example", randn(g, 1, 6), [5])]:
        loss_case(out, "nll_" + what, "nll", [], [torch.log_softmax(x, dim=1),
                  torch.tensor(labels)], ["logp", "labels"], F.nll_loss)
# <<golden cases for the multilayer perceptron>>
MLPS = [("mlp_relu_batch", "relu", (5, 6, 4, 3), 4),
        ("mlp_relu_one_example", "relu", (3, 8, 5, 4), 1),
        ("mlp_tanh_batch", "tanh", (4, 5, 6, 3), 5),
        ("mlp_tanh_two_classes", "tanh", (2, 3, 3, 2), 6)]


def mlp_cases(out):
    for name, act, sizes, B in MLPS:
        g = rng(name)
        f = torch.relu if act == "relu" else torch.tanh
        x = leaf(randn(g, B, sizes[0]))
        W = [leaf(randn(g, a, b, 1 / math.sqrt(a))) for a, b in zip(sizes, sizes[1:])]
        b = [leaf(randn(g, 1, n, 0.1)) for n in sizes[1:]]
        labels = torch.randint(0, sizes[-1], (B,), generator=g)
        # <<run the perceptron forward and backward, and write its case>>
        h1 = f(x @ W[0] + b[0])
        h2 = f(h1 @ W[1] + b[1])
        logits = h2 @ W[2] + b[2]
        logits.retain_grad()
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        layers = [("W%d" % (i + 1), W[i]) for i in range(3)] + [("b%d" % (i + 1), b[i])
                                                                for i in range(3)]
        params = [("activation", act), ("reduction", "mean")]
        out.case(name, "mlp_softmax_cross_entropy", params,
                 [("x", x)] + layers + [("labels", labels), ("h1", h1), ("h2", h2),
                  ("logits", logits), ("loss", loss.reshape(1, 1)),
                  ("dlogits", logits.grad), ("dx", x.grad)]
                 + [("d" + k, t.grad) for k, t in layers])
# <<golden cases for optimizers>>
SGD, ADAGRAD = torch.optim.SGD, torch.optim.Adagrad
RMSPROP, ADAM, ADAMW = torch.optim.RMSprop, torch.optim.Adam, torch.optim.AdamW
OPTIMIZERS = [
    ("sgd", SGD, dict(lr=0.1, momentum=0, dampening=0, nesterov=False, weight_decay=0)),
    ("sgd_momentum", SGD, dict(lr=0.1, momentum=0.9, dampening=0, nesterov=False,
                               weight_decay=0)),
    ("sgd_nesterov", SGD, dict(lr=0.05, momentum=0.8, dampening=0, nesterov=True,
                               weight_decay=0)),
    ("sgd_weight_decay", SGD, dict(lr=0.05, momentum=0.9, dampening=0, nesterov=False,
                                   weight_decay=0.05)),
    # <<the adaptive optimizers' golden cases>>
    ("adagrad", ADAGRAD, dict(lr=0.1, lr_decay=0, weight_decay=0,
                              initial_accumulator_value=0, eps=1e-10)),
    ("adagrad_decays", ADAGRAD, dict(lr=0.05, lr_decay=0.01, weight_decay=0.01,
                                     initial_accumulator_value=0.1, eps=1e-10)),
    ("rmsprop", RMSPROP, dict(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                              centered=False)),
    ("rmsprop_centered", RMSPROP, dict(lr=0.01, alpha=0.9, eps=1e-8, weight_decay=0,
                                       momentum=0, centered=True)),
    ("rmsprop_momentum", RMSPROP, dict(lr=0.01, alpha=0.9, eps=1e-8, weight_decay=0.01,
                                       momentum=0.9, centered=False)),
    ("adam", ADAM, dict(lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)),
    ("adam_weight_decay", ADAM, dict(lr=0.01, betas=(0.8, 0.99), eps=1e-8,
                                     weight_decay=0.1)),
    ("adam_tiny_gradients", ADAM, dict(lr=0.001, betas=(0.9, 0.999), eps=1e-8,
                                       weight_decay=0)),
    ("adamw", ADAMW, dict(lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)),
    ("adamw_strong_decay", ADAMW, dict(lr=0.01, betas=(0.85, 0.995), eps=1e-8,
                                       weight_decay=0.1)),
]
# <<golden cases for optimizers>>
def optimizer_params(hyper):
    params = []
    for key, value in hyper.items():
        if key == "betas":
            params += [("beta1", value[0]), ("beta2", value[1])]
        else:
            params.append((key, value))
    return params
# <<golden cases for optimizers>>
def optimizer_cases(out, steps=5):
    for name, Optim, hyper in OPTIMIZERS:
        g = rng(name)
        shape, scale = (3, 4), 1e-9 if "tiny" in name else 1.0
        p = torch.nn.Parameter(randn(g, *shape))
        opt, tensors, after = Optim([p], **hyper), [("p0", p.detach().clone())], []
        for t in range(1, steps + 1):
            p.grad = randn(g, *shape, scale)
            tensors.append(("g%d" % t, p.grad.clone()))
            opt.step()
            after.append(("p%d" % t, p.detach().clone()))
        out.case(name, name.split("_")[0], [("steps", steps)] + optimizer_params(hyper),
                 tensors + after)
# <<golden cases for learning-rate schedules>>
def torch_schedule(Schedule, base_lr, last_step, **kw):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base_lr)
    schedule, rates = Schedule(opt, **kw), [base_lr]
    for _ in range(last_step):
        opt.step()
        schedule.step()
        rates.append(opt.param_groups[0]["lr"])
    return rates
# <<golden cases for learning-rate schedules>>
def warmup_cosine(base_lr, last_step, warmup_steps, total_steps, start_factor, min_lr):
    W, T, s = warmup_steps, total_steps, start_factor
    def rate(t):
        if t < W:
            return base_lr * (s + (1 - s) * t / W)
        if t <= T:
            cosine = math.cos(math.pi * (t - W) / (T - W))
            return min_lr + (base_lr - min_lr) * (1 + cosine) / 2
        return min_lr
    return [rate(t) for t in range(last_step + 1)]
# <<golden cases for learning-rate schedules>>
SCHEDULES = [
    ("step_lr", 0.1, 20, dict(step_size=3, gamma=0.5)),
    ("step_lr_tenfold", 0.05, 30, dict(step_size=10, gamma=0.1)),
    ("exponential_lr", 0.1, 20, dict(gamma=0.95)),
    ("cosine_annealing_lr", 0.1, 10, dict(T_max=10, eta_min=0)),
    ("cosine_annealing_lr_past_T_max", 0.05, 30, dict(T_max=12, eta_min=0.001)),
    ("warmup_cosine", 0.1, 25, dict(warmup_steps=5, total_steps=20, start_factor=0.1,
                                    min_lr=0)),
    ("warmup_cosine_no_warmup", 0.01, 12, dict(warmup_steps=0, total_steps=10,
                                               start_factor=1, min_lr=0.001)),
]
S = torch.optim.lr_scheduler
TORCH_SCHEDULES = {"step_lr": S.StepLR, "exponential_lr": S.ExponentialLR,
                   "cosine_annealing_lr": S.CosineAnnealingLR}
# <<golden cases for learning-rate schedules>>
def schedule_cases(out):
    for name, base_lr, last_step, kw in SCHEDULES:
        op = next(op for op in ["warmup_cosine"] + list(TORCH_SCHEDULES)
                  if name.startswith(op))
        if op == "warmup_cosine":
            rates = warmup_cosine(base_lr, last_step, **kw)
        else:
            rates = torch_schedule(TORCH_SCHEDULES[op], base_lr, last_step, **kw)
        out.case(name, op, [("base_lr", base_lr), ("last_step", last_step)]
                 + list(kw.items()), [("lr", torch.tensor([rates]))])
# <<golden cases for batch normalization>>
BATCHNORM_TRAIN = [("batchnorm_train", 6, 4, 1e-5, 0.1),
                   ("batchnorm_train_two_rows", 2, 3, 1e-5, 0.1),
                   ("batchnorm_train_constant_column", 5, 3, 1e-3, 0.2),
                   ("batchnorm_train_large_mean", 8, 2, 1e-5, 0.1)]


def batchnorm_input(name, g, B, C):
    x = randn(g, B, C)
    if name.endswith("constant_column"):
        x[:, 1] = 0.75
    if name.endswith("large_mean"):
        x = 1000 + 1e-3 * x
    return x
# <<golden cases for batch normalization>>
def batchnorm_train_cases(out):
    for name, B, C, eps, momentum in BATCHNORM_TRAIN:
        g = rng(name)
        x0 = batchnorm_input(name, g, B, C)
        x, gamma = leaf(x0), leaf(1 + randn(g, 1, C, 0.2))
        beta = leaf(randn(g, 1, C, 0.2))
        mean0, var0 = randn(g, 1, C, 0.1), 1 + torch.rand(1, C, generator=g)
        mean, var = mean0.reshape(C).clone(), var0.reshape(C).clone()
        dy = randn(g, B, C)
        y = F.batch_norm(x, mean, var, gamma.reshape(C), beta.reshape(C), training=True,
                         momentum=momentum, eps=eps)      # updates mean and var
        dx, dgamma, dbeta = vjp(y, dy, [x, gamma, beta])
        out.case(name, "batchnorm_train", [("eps", eps), ("momentum", momentum)],
                 [("x", x), ("gamma", gamma), ("beta", beta),
                  ("running_mean_before", mean0), ("running_var_before", var0),
                  ("dy", dy), ("y", y),
                  ("batch_mean", x0.mean(0)), ("batch_var", x0.var(0, unbiased=False)),
                  ("running_mean_after", mean), ("running_var_after", var),
                  ("dx", dx), ("dgamma", dgamma), ("dbeta", dbeta)])
# <<golden cases for batch normalization>>
def batchnorm_eval_cases(out):
    for name, B, C, eps in [("batchnorm_eval", 4, 3, 1e-5),
                            ("batchnorm_eval_one_row", 1, 5, 1e-3)]:
        g = rng(name)
        x, gamma = leaf(randn(g, B, C)), leaf(1 + randn(g, 1, C, 0.2))
        beta = leaf(randn(g, 1, C))
        mean, var = randn(g, 1, C, 0.5), 0.5 + torch.rand(1, C, generator=g)
        dy = randn(g, B, C)
        y = F.batch_norm(x, mean.reshape(C).clone(), var.reshape(C).clone(),
                         gamma.reshape(C), beta.reshape(C), training=False, eps=eps)
        dx, dgamma, dbeta = vjp(y, dy, [x, gamma, beta])
        out.case(name, "batchnorm_eval", [("eps", eps)],
                 [("x", x), ("gamma", gamma), ("beta", beta), ("running_mean", mean),
                  ("running_var", var), ("dy", dy), ("y", y), ("dx", dx),
                  ("dgamma", dgamma), ("dbeta", dbeta)])
# <<golden cases for dropout>>
def dropout_cases(out):
    for name, B, n, p in [("dropout_half", 4, 6, 0.5), ("dropout_fifth", 5, 4, 0.2),
                          ("dropout_none", 3, 5, 0.0), ("dropout_most", 2, 8, 0.9)]:
        g = rng(name)
        x, dy = leaf(randn(g, B, n)), randn(g, B, n)
        mask = (torch.rand(B, n, generator=g) >= p).double()
        y = x * (mask / (1 - p))
        (dx,) = vjp(y, dy, [x])
        out.case(name, "dropout", [("p", p)],
                 [("x", x), ("mask", mask), ("dy", dy), ("y", y), ("dx", dx)])
# <<golden cases for residual blocks>>
def residual_cases(out):
    for name, B, n in [("residual", 4, 3), ("residual_one_row", 1, 5),
                       ("residual_post_relu", 4, 3), ("residual_post_relu_wide", 3, 6)]:
        g = rng(name)
        x, dy = leaf(randn(g, B, n)), randn(g, B, n)
        W1, b1 = leaf(randn(g, n, n, 1 / math.sqrt(n))), leaf(randn(g, 1, n, 0.1))
        W2, b2 = leaf(randn(g, n, n, 1 / math.sqrt(n))), leaf(randn(g, 1, n, 0.1))
        h = torch.relu(x @ W1 + b1)
        s = x + h @ W2 + b2
        op = "residual_post_relu" if "post_relu" in name else "residual"
        y = torch.relu(s) if op == "residual_post_relu" else s
        dx, dW1, db1, dW2, db2 = vjp(y, dy, [x, W1, b1, W2, b2])
        out.case(name, op, [], [("x", x), ("W1", W1), ("b1", b1), ("W2", W2),
                                ("b2", b2), ("dy", dy), ("h", h), ("y", y), ("dx", dx),
                                ("dW1", dW1), ("db1", db1), ("dW2", dW2), ("db2", db2)])
# <<write every golden file>>
GROUPS = [("activations", [activation_cases]), ("linear", [linear_cases]),
          ("losses", [regression_cases, bce_cases, class_cases]), ("mlp", [mlp_cases]),
          ("optimizers", [optimizer_cases]), ("schedules", [schedule_cases]),
          ("batchnorm", [batchnorm_train_cases, batchnorm_eval_cases]),
          ("dropout", [dropout_cases]), ("residual", [residual_cases])]


def main(folder):
    os.makedirs(folder, exist_ok=True)
    for group, makers in GROUPS:
        out = GoldenFile(group)
        for make in makers:
            make(out)
        out.write(folder)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/golden")
