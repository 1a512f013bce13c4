#!/usr/bin/env python3
"""Generate PyTorch reference training runs in the format of /work/shared/fixtures/pytorch/seed-*.json.

Usage (PyTorch 1.13 + sklearn from Debian live under /usr/bin/python3):

    /usr/bin/python3 scripts/pytorch-reference.py OUT_DIR [--only NAME ...]
    /usr/bin/python3 scripts/pytorch-reference.py --verify FIXTURE.json [FIXTURE.json ...]
    /usr/bin/python3 scripts/pytorch-reference.py --conditioning FILE.json [FILE.json ...]

The first form writes one `ref-*.json` per case below into OUT_DIR (NAME is the case name, with or
without the `ref-` prefix and `.json` suffix).  The second form re-trains each fixture from its own
`config`/`data`/`init` and prints how far this script's `expected` is from the fixture's.  The third re-trains each file in float64 and prints the
float32-vs-float64 deviations as fractions of the README tolerances (a well-conditioned spec stays < 0.2).

Semantics (those of the fixtures, see /work/shared/fixtures/README.md):
- model: nn.Linear layers named layer0..layerK (state dict keys `layerI.weight` [out][in], `layerI.bias`),
  the hidden activation after every hidden Linear, nn.Sigmoid after the last one; float32 throughout;
- loss: nn.BCELoss() (mean over the batch's rows);
- batches in order X[s:s+bs], the last one may be short; no shuffling;
- per batch: zero_grad, forward, loss, backward, record layer.weight.grad.abs().mean().item() per layer,
  optimizer.step();
- after each epoch, under no_grad on the whole set: bce = BCELoss(model(X), y).item() and
  accuracy = (model(X).round() == y).float().mean().item() (a float32 mean, so e.g. 0.8119999766349792);
- grad[l][e] = the float64 (Python) mean of that epoch's recorded float values for layer l.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

FORMAT_ABOUT = (
    "Float32 reference: nn.Linear stack, BCELoss(mean), batches in order (no shuffle), eval on the whole "
    "set after each epoch; grad[l][e] = mean over the epoch's batches of mean(|layer l weight grad|). "
    "State dicts use PyTorch names and layout: layerI.weight is [out][in]."
)

# ---------------------------------------------------------------------------------------------
# Model


def make_activation(name, opts):
    opts = opts or {}
    if name == "identity":
        return nn.Identity()
    if name == "relu":
        return nn.ReLU()
    if name == "sigmoid":
        return nn.Sigmoid()
    if name == "tanh":
        return nn.Tanh()
    if name == "relu6":
        return nn.ReLU6()
    if name == "leaky_relu":
        return nn.LeakyReLU(negative_slope=opts.get("negativeSlope", 0.01))
    if name == "elu":
        return nn.ELU(alpha=opts.get("alpha", 1.0))
    if name == "gelu":
        return nn.GELU(approximate=opts.get("approximate", "none"))
    if name == "silu":
        return nn.SiLU()
    if name == "softplus":
        return nn.Softplus(beta=opts.get("beta", 1), threshold=opts.get("threshold", 20))
    if name == "hardtanh":
        return nn.Hardtanh(min_val=opts.get("min", -1.0), max_val=opts.get("max", 1.0))
    if name == "hardswish":
        return nn.Hardswish()
    raise ValueError("unknown activation: %r" % name)


class Net(nn.Module):
    """layer0..layerK are the Linear layers (so the state dict keys are layerI.weight / layerI.bias)."""

    def __init__(self, layers, activation, options):
        super().__init__()
        self.n = len(layers) - 1
        for i in range(self.n):
            # Created in order, so after torch.manual_seed(seed) the default init draws exactly as
            # nn.Sequential(nn.Linear(...), act, nn.Linear(...), ...) would.
            setattr(self, "layer%d" % i, nn.Linear(layers[i], layers[i + 1]))
        self.act = make_activation(activation, options)
        self.out = nn.Sigmoid()

    def linears(self):
        return [getattr(self, "layer%d" % i) for i in range(self.n)]

    def forward(self, x):
        for i, lin in enumerate(self.linears()):
            x = lin(x)
            x = self.act(x) if i < self.n - 1 else self.out(x)
        return x


def state_dict_lists(model):
    return {k: v.detach().cpu().numpy().astype(np.float32).tolist() for k, v in model.state_dict().items()}


def make_optimizer(params, opt):
    name = opt["name"]
    if name == "adam":
        return torch.optim.Adam(
            params,
            lr=opt["lr"],
            betas=tuple(opt.get("betas", (0.9, 0.999))),
            eps=opt.get("eps", 1e-8),
            weight_decay=opt.get("weightDecay", 0),
        )
    if name == "sgd":
        return torch.optim.SGD(
            params,
            lr=opt["lr"],
            momentum=opt.get("momentum", 0),
            dampening=opt.get("dampening", 0),
            weight_decay=opt.get("weightDecay", 0),
            nesterov=opt.get("nesterov", False),
        )
    raise ValueError("unknown optimizer: %r" % name)


# ---------------------------------------------------------------------------------------------
# Training


def train(config, data, init, dtype=torch.float32):
    """Train as the fixtures do; returns `expected` = {bce, accuracy, grad, final}.

    dtype=torch.float64 is only for the --conditioning check (the references are float32)."""
    assert config["output"] == "sigmoid" and config["loss"] == "bce" and not config["shuffle"]
    model = Net(config["layers"], config["activation"], config.get("activationOptions", {}))
    model.load_state_dict({k: torch.tensor(v, dtype=torch.float32) for k, v in init.items()})
    model.to(dtype)
    X = torch.tensor(np.asarray(data["X"], dtype=np.float64), dtype=torch.float32).to(dtype)
    y = torch.tensor(np.asarray(data["y"], dtype=np.float64), dtype=dtype).reshape(-1, 1)
    n = X.shape[0]
    bs = config["batchSize"]
    loss_fn = nn.BCELoss()
    opt = make_optimizer(model.parameters(), config["optimizer"])
    lins = model.linears()

    bce, acc, grad = [], [], [[] for _ in lins]
    for _epoch in range(config["epochs"]):
        model.train()
        recorded = [[] for _ in lins]
        for s in range(0, n, bs):
            xb, yb = X[s : s + bs], y[s : s + bs]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            for l, lin in enumerate(lins):
                recorded[l].append(lin.weight.grad.abs().mean().item())
            opt.step()
        for l in range(len(lins)):
            grad[l].append(sum(recorded[l]) / len(recorded[l]))
        model.eval()
        with torch.no_grad():
            pred = model(X)
            bce.append(loss_fn(pred, y).item())
            acc.append((pred.round() == y).float().mean().item())
    return {"bce": bce, "accuracy": acc, "grad": grad, "final": state_dict_lists(model)}


# ---------------------------------------------------------------------------------------------
# Cases


def circles(n=1000, factor=0.5, noise=0.1, random_state=42):
    from sklearn.datasets import make_circles

    X, y = make_circles(n_samples=n, factor=factor, noise=noise, random_state=random_state)
    return {
        "name": "circles(n=%d, factor=%s, noise=%s, random_state=%d)" % (n, factor, noise, random_state),
        "X": X.astype(np.float64).tolist(),
        "y": [int(v) for v in y],
    }


def moons(n=500, noise=0.2, random_state=3):
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n, noise=noise, random_state=random_state)
    return {
        "name": "moons(n=%d, noise=%s, random_state=%d)" % (n, noise, random_state),
        "X": X.astype(np.float64).tolist(),
        "y": [int(v) for v in y],
    }


def adam(lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0):
    return {"name": "adam", "lr": lr, "betas": list(betas), "eps": eps, "weightDecay": weight_decay}


def sgd(lr, momentum=0, dampening=0, weight_decay=0, nesterov=False):
    return {
        "name": "sgd",
        "lr": lr,
        "momentum": momentum,
        "dampening": dampening,
        "weightDecay": weight_decay,
        "nesterov": nesterov,
    }


TUTORIAL = [2, 5, 5, 5, 5, 1]

# name, seed, layers, activation, options, optimizer, epochs, batchSize, data (callable)
CASES = [
    ("ref-relu-tutorial-seed1", 1, TUTORIAL, "relu", {}, adam(1e-4), 40, 32, circles),
    ("ref-tanh-w16-adam1e-2", 0, [2, 16, 1], "tanh", {}, adam(1e-2), 40, 64, circles),
    ("ref-gelu-8x3", 0, [2, 8, 8, 8, 1], "gelu", {}, adam(3e-3), 30, 32, circles),
    # lr 0.02: lr 0.1 is chaotic here (PyTorch's own float32 and float64 runs part after 4 epochs).
    ("ref-silu-sgd-momentum-lr0.02", 0, [2, 6, 6, 1], "silu", {}, sgd(0.02, momentum=0.9), 20, 16, circles),
    ("ref-sigmoid-sgd-fullish", 0, [2, 5, 5, 1], "sigmoid", {}, sgd(0.5), 40, 100, circles),
    ("ref-leaky_relu-wd", 0, [2, 7, 3, 7, 1], "leaky_relu", {"negativeSlope": 0.2},
     adam(1e-3, weight_decay=1e-3), 10, 10, circles),
    ("ref-softplus-batch33", 0, [2, 5, 1], "softplus", {"beta": 2.0, "threshold": 5.0}, adam(5e-3), 30, 33,
     lambda: circles(n=1000, factor=0.3, noise=0.05, random_state=7)),
    ("ref-hardswish-nesterov", 0, [2, 10, 10, 1], "hardswish", {},
     sgd(0.05, momentum=0.5, nesterov=True, weight_decay=1e-4), 20, 25, circles),
    ("ref-hardtanh-betas", 0, [2, 6, 6, 1], "hardtanh", {"min": -0.5, "max": 2.0},
     adam(2e-3, betas=(0.8, 0.99), eps=1e-6), 20, 32, circles),
    ("ref-relu6-moons-fullbatch", 0, TUTORIAL, "relu6", {}, adam(1e-3), 60, 1000,
     lambda: moons(n=500, noise=0.2, random_state=3)),
    ("ref-elu-alpha0.5-batch7", 0, [2, 12, 12, 1], "elu", {"alpha": 0.5}, adam(1e-3), 5, 7, circles),
    ("ref-identity", 0, [2, 5, 5, 1], "identity", {}, adam(1e-2), 20, 32, circles),
    ("ref-sigmoid-tutorial-seed123", 123, TUTORIAL, "sigmoid", {}, adam(1e-4), 300, 32, circles),
]


def build_case(case):
    name, seed, layers, activation, options, optimizer, epochs, batch_size, data_fn = case
    config = {
        "layers": layers,
        "activation": activation,
        "activationOptions": options,
        "output": "sigmoid",
        "loss": "bce",
        "optimizer": optimizer,
        "epochs": epochs,
        "batchSize": batch_size,
        "shuffle": False,
    }
    data = data_fn()
    torch.manual_seed(seed)
    init = state_dict_lists(Net(layers, activation, options))
    expected = train(config, data, init)
    about = (
        "Generated by scripts/pytorch-reference.py with PyTorch %s (torch.manual_seed(%d) then default nn.Linear "
        "init), sklearn data. %s" % (torch.__version__, seed, FORMAT_ABOUT)
    )
    return {"name": name, "about": about, "config": config, "data": data, "init": init, "expected": expected}


# ---------------------------------------------------------------------------------------------
# Verification against existing fixtures


def deviations(mine, ref):
    d_bce = max(abs(a - b) for a, b in zip(mine["bce"], ref["bce"]))
    d_acc = max(abs(a - b) for a, b in zip(mine["accuracy"], ref["accuracy"]))
    d_grad_rel, d_grad_abs = 0.0, 0.0
    for gm, gr in zip(mine["grad"], ref["grad"]):
        for a, b in zip(gm, gr):
            d_grad_abs = max(d_grad_abs, abs(a - b))
            if b != 0:
                d_grad_rel = max(d_grad_rel, abs(a - b) / abs(b))
    d_final = 0.0
    for k in ref["final"]:
        a = np.asarray(mine["final"][k], dtype=np.float64)
        b = np.asarray(ref["final"][k], dtype=np.float64)
        d_final = max(d_final, float(np.abs(a - b).max()))
    tol_ok = (
        d_bce <= 1e-4
        and d_acc <= 0.003
        and all(abs(a - b) <= 2e-2 * abs(b) + 1e-7 for gm, gr in zip(mine["grad"], ref["grad"]) for a, b in zip(gm, gr))
        and d_final <= 5e-3
    )
    return {"bce": d_bce, "accuracy": d_acc, "gradRel": d_grad_rel, "gradAbs": d_grad_abs, "final": d_final,
            "withinTolerance": tol_ok,
            "identical": mine["bce"] == ref["bce"] and mine["accuracy"] == ref["accuracy"]
            and mine["grad"] == ref["grad"] and mine["final"] == ref["final"]}


def verify(paths):
    ok = True
    for p in paths:
        with open(p) as f:
            fx = json.load(f)
        mine = train(fx["config"], fx["data"], fx["init"])
        d = deviations(mine, fx["expected"])
        ok = ok and d["withinTolerance"]
        print(
            "%s: max|dbce|=%.3g max|dacc|=%.3g max rel grad=%.3g (abs %.3g) max|dfinal|=%.3g  within tolerance: %s"
            "  bit-identical: %s" % (os.path.basename(p), d["bce"], d["accuracy"], d["gradRel"], d["gradAbs"],
                                     d["final"], d["withinTolerance"], d["identical"])
        )
    return ok


def conditioning(paths):
    """Re-run each file's spec in float64 and report float32-vs-float64 deviations as fractions of the
    README tolerances (the fixtures promise < 0.2 of each tolerance)."""
    ok = True
    for p in paths:
        with open(p) as f:
            fx = json.load(f)
        ref = fx["expected"]
        mine = train(fx["config"], fx["data"], fx["init"], dtype=torch.float64)
        g = max(abs(a - b) / (2e-2 * abs(b) + 1e-7) for gm, gr in zip(mine["grad"], ref["grad"]) for a, b in zip(gm, gr))
        d = deviations(mine, ref)
        frac = {"bce": d["bce"] / 1e-4, "accuracy": d["accuracy"] / 0.003, "grad": g, "final": d["final"] / 5e-3}
        worst = max(frac.values())
        ok = ok and worst < 0.2
        print("%s: float64 vs float32 as fraction of tolerance: %s  worst %.3g%s" % (
            os.path.basename(p), " ".join("%s=%.3g" % kv for kv in frac.items()), worst,
            "" if worst < 0.2 else "  (>= 0.2: ill-conditioned spec)"))
    return ok


# ---------------------------------------------------------------------------------------------


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", nargs="?")
    ap.add_argument("--only", action="append", default=[], help="case name (repeatable)")
    ap.add_argument("--verify", nargs="+", metavar="FIXTURE", help="re-train fixtures and print deviations")
    ap.add_argument("--conditioning", nargs="+", metavar="FILE",
                    help="re-train FILEs in float64 and print float32-vs-float64 deviations / tolerances")
    args = ap.parse_args(argv)

    torch.set_num_threads(1)  # deterministic reductions; these nets are tiny anyway
    if args.verify:
        return 0 if verify(args.verify) else 1
    if args.conditioning:
        return 0 if conditioning(args.conditioning) else 1
    if not args.out_dir:
        ap.error("OUT_DIR is required")

    def norm(s):
        s = os.path.basename(s)
        s = s[:-5] if s.endswith(".json") else s
        return s if s.startswith("ref-") else "ref-" + s

    wanted = {norm(s) for s in args.only}
    known = {c[0] for c in CASES}
    unknown = wanted - known
    if unknown:
        ap.error("unknown case(s): %s (known: %s)" % (", ".join(sorted(unknown)), ", ".join(c[0] for c in CASES)))
    os.makedirs(args.out_dir, exist_ok=True)
    for case in CASES:
        if wanted and case[0] not in wanted:
            continue
        doc = build_case(case)
        path = os.path.join(args.out_dir, case[0] + ".json")
        with open(path, "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        e = doc["expected"]
        print("%s: %d bytes, final bce %.6f, final accuracy %.4f" % (path, os.path.getsize(path), e["bce"][-1],
                                                                     e["accuracy"][-1]))
        if case[0] == "ref-sigmoid-tutorial-seed123":
            g = e["grad"]
            print("  sanity (sigmoid vanishing): last epoch accuracy %r, grad layer0 %.3g vs output layer%d %.3g "
                  "(ratio %.3g)" % (e["accuracy"][-1], g[0][-1], len(g) - 1, g[-1][-1], g[0][-1] / g[-1][-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
