#!/usr/bin/env python3
"""Peer "PyTorch eager": the tutorial's study in PyTorch, timed, for bench/peers.ts.

Reads a JSON config on stdin:
    {"activations": [...], "layers": [2, 5, 5, 5, 5, 1], "epochs": 300, "batchSize": 32, "lr": 1e-4,
     "samples": 1000, "init": {"layer0.weight": [[...]], "layer0.bias": [...], ...}}
and prints one JSON object on stdout: versions, threads, and the wall time of the whole study
(and of each run), measured with time.perf_counter around the training loops only: imports,
data generation and a one-epoch warm-up run are not timed.

The loop has the tutorial's shape: nn.Sequential of nn.Linear and the activation, a sigmoid
output, nn.BCELoss, torch.optim.Adam; batches X[s:s+bs] in order; per batch zero_grad, forward,
loss, backward, each Linear's weight.grad.abs().mean().item(), step; per epoch, under no_grad,
BCE and accuracy on the whole set. Every run starts from the same initial weights as actlab's
(the "init" state dict, keys layerI.weight / layerI.bias), on the same make_circles data.
"""

import json
import platform
import sys
import time

started = time.perf_counter()
import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from sklearn.datasets import make_circles  # noqa: E402

import_seconds = time.perf_counter() - started

torch.set_num_threads(1)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass


def activation(name):
    return {
        "relu": nn.ReLU,
        "sigmoid": nn.Sigmoid,
        "tanh": nn.Tanh,
        "relu6": nn.ReLU6,
        "leaky_relu": lambda: nn.LeakyReLU(0.01),
    }[name]()


def make_model(layers, name, init):
    modules = []
    for i in range(len(layers) - 1):
        modules.append(nn.Linear(layers[i], layers[i + 1]))
        modules.append(activation(name) if i < len(layers) - 2 else nn.Sigmoid())
    model = nn.Sequential(*modules)
    # nn.Sequential names the Linear layers 0, 2, 4, ...; the init uses layer0, layer1, ...
    state = {}
    for i in range(len(layers) - 1):
        state["%d.weight" % (2 * i)] = torch.tensor(init["layer%d.weight" % i], dtype=torch.float32)
        state["%d.bias" % (2 * i)] = torch.tensor(init["layer%d.bias" % i], dtype=torch.float32)
    model.load_state_dict(state)
    return model


def train(model, X, y, epochs, batch_size, lr):
    loss_fn = nn.BCELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    history = {"bce": [], "accuracy": [], "grad": [[] for _ in linears]}
    n = X.shape[0]
    for _epoch in range(epochs):
        model.train()
        grads = [[] for _ in linears]
        for s in range(0, n, batch_size):
            xb, yb = X[s : s + batch_size], y[s : s + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            for layer, linear in enumerate(linears):
                grads[layer].append(linear.weight.grad.abs().mean().item())
            optimizer.step()
        for layer in range(len(linears)):
            history["grad"][layer].append(sum(grads[layer]) / len(grads[layer]))
        model.eval()
        with torch.no_grad():
            out = model(X)
            history["bce"].append(loss_fn(out, y).item())
            history["accuracy"].append((out.round() == y).float().mean().item())
    return history


def main():
    config = json.load(sys.stdin)
    X_np, y_np = make_circles(n_samples=config["samples"], factor=0.5, noise=0.1, random_state=42)
    X = torch.tensor(X_np, dtype=torch.float32)
    y = torch.tensor(y_np, dtype=torch.float32).reshape(-1, 1)
    layers, init = config["layers"], config["init"]
    epochs, batch_size, lr = config["epochs"], config["batchSize"], config["lr"]

    # Warm-up: one epoch of the first run (allocator, autograd and optimizer code paths).
    train(make_model(layers, config["activations"][0], init), X, y, 1, batch_size, lr)

    runs = []
    total = time.perf_counter()
    for name in config["activations"]:
        model = make_model(layers, name, init)
        t0 = time.perf_counter()
        history = train(model, X, y, epochs, batch_size, lr)
        runs.append({
            "activation": name,
            "ms": (time.perf_counter() - t0) * 1000,
            "accuracy": history["accuracy"][-1],
            "bce": history["bce"][-1],
        })
    total_ms = (time.perf_counter() - total) * 1000

    json.dump({
        "torch": torch.__version__,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "threads": torch.get_num_threads(),
        "epochs": epochs,
        "ms": total_ms,
        "importMs": import_seconds * 1000,
        "runs": runs,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
