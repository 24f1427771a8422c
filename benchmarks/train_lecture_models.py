#!/usr/bin/env python3
"""Train the lecture's networks with the reference numpy layers, side by side with torch.

    CNNLAB_DATA=/work/shared/data python benchmarks/train_lecture_models.py
    python benchmarks/train_lecture_models.py --models mnist --epochs-mnist 2 --limit 6000

For each network (the MNIST CNN of lecture 3.4, the simplified AlexNet of 3.7)
both frameworks start from the same weights (He/Glorot, drawn once by the numpy
model and copied into torch), use the same optimizer (Adam, same settings) and
see the same mini-batches in the same order. Epochs alternate between the two,
numpy then torch, so a passing load on the machine hurts both alike. torch gets
as many threads as numpy's BLAS has. Per epoch it reports the training time
(evaluation excluded) and the test accuracy, prints a table and writes a JSON
and the training curves (PNG).

Targets: >= 99.0% MNIST and >= 65% CIFAR-10 test accuracy; numpy time per
epoch at most 1.5 times torch's.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

# OpenBLAS reads its kernel choice once, when numpy loads: --native-blas restarts
# the command without the variables that force one, before numpy is imported.
BLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
if "--native-blas" in sys.argv[1:] and any(v in os.environ for v in BLAS_OVERRIDES):
    os.execve(sys.executable, [sys.executable, *sys.argv],
              {k: v for k, v in os.environ.items() if k not in BLAS_OVERRIDES})

import numpy as np  # noqa: E402
from tqdm.auto import tqdm  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from cnnlab.data import load_cifar10, load_mnist  # noqa: E402
from cnnlab.models import LECTURE_MODELS  # noqa: E402
from cnnlab.train import (Adam, History, Sequential, batch_order, load_ops,  # noqa: E402
                          plot_history, to_float_images)

LOADERS = {"mnist": load_mnist, "cifar10": load_cifar10}
TARGETS = {"mnist": 0.99, "cifar10": 0.65}
MAX_TIME_RATIO = 1.5


def blas_info() -> dict:
    """numpy's BLAS: library, kernel (architecture) and threads, via threadpoolctl when installed."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        env = os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS")
        return {"num_threads": int(env) if env else os.cpu_count(),
                "note": "threadpoolctl not installed: threads from the environment"}
    for pool in threadpool_info():
        if pool.get("user_api") == "blas" and "numpy" in pool.get("filepath", ""):
            return {k: pool.get(k) for k in ("internal_api", "version", "architecture",
                                              "num_threads")}
    return {"num_threads": os.cpu_count()}


def environment(threads: int | None) -> dict:
    try:
        import torch
        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    cpu = platform.processor()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "python": platform.python_version(), "numpy": np.__version__, "torch": torch_version,
        "cpu": cpu, "cores": os.cpu_count(), "numpy_blas": blas_info(), "torch_threads": threads,
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
    }


class TorchTrainer:
    """The torch twin of a numpy model, trained on the same batches with the same Adam."""

    def __init__(self, model: Sequential, optimizer: Adam, x_train, x_test):
        import torch
        from torch_twin import torch_twin
        self.torch = torch
        self.net = torch_twin(model)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=optimizer.learning_rate,
                                    betas=(optimizer.beta_1, optimizer.beta_2),
                                    eps=optimizer.epsilon)
        # Channels-first once, up front: torch's native layout.
        self.x_train = torch.from_numpy(np.ascontiguousarray(x_train.transpose(0, 3, 1, 2)))
        self.x_test = torch.from_numpy(np.ascontiguousarray(x_test.transpose(0, 3, 1, 2)))

    def train_epoch(self, y, batches, desc: str) -> tuple[float, float]:
        torch, F = self.torch, self.torch.nn.functional
        self.net.train()
        y = torch.from_numpy(y)
        total, correct, seen = 0.0, 0, 0
        with tqdm(batches, desc=desc, unit="batch", leave=False, disable=None) as bar:
            for index in bar:
                index = torch.from_numpy(index)
                xb, yb = self.x_train[index], y[index]
                self.opt.zero_grad(set_to_none=True)
                logits = self.net(xb)
                loss = F.cross_entropy(logits, yb)
                loss.backward()
                self.opt.step()
                total += loss.item() * len(yb)
                correct += int((logits.argmax(1) == yb).sum())
                seen += len(yb)
                bar.set_postfix(loss=f"{total / seen:.4f}", acc=f"{correct / seen:.4f}")
        return total / seen, correct / seen

    def evaluate(self, y) -> tuple[float, float]:
        torch, F = self.torch, self.torch.nn.functional
        self.net.eval()
        y = torch.from_numpy(y)
        total, correct = 0.0, 0
        with torch.no_grad():
            for i in range(0, len(y), 1000):
                logits = self.net(self.x_test[i:i + 1000])
                total += F.cross_entropy(logits, y[i:i + 1000], reduction="sum").item()
                correct += int((logits.argmax(1) == y[i:i + 1000]).sum())
        return total / len(y), correct / len(y)


def numpy_epoch(model: Sequential, x, y, batches, desc: str) -> tuple[float, float]:
    total, correct, seen = 0.0, 0, 0
    with tqdm(batches, desc=desc, unit="batch", leave=False, disable=None) as bar:
        for index in bar:
            loss, right = model.train_step(x[index], y[index])
            total += loss * len(index)
            correct += right
            seen += len(index)
            bar.set_postfix(loss=f"{total / seen:.4f}", acc=f"{correct / seen:.4f}")
    return total / seen, correct / seen


def run_model(name: str, epochs: int, args) -> dict:
    (x_train, y_train), (x_test, y_test) = LOADERS[name]()
    if args.limit:
        x_train, y_train = x_train[:args.limit], y_train[:args.limit]
    x_train, x_test = to_float_images(x_train), to_float_images(x_test)
    layers, input_shape = LECTURE_MODELS[name]()
    model = Sequential(layers, input_shape, ops=load_ops("reference"), seed=args.seed)
    model.compile(Adam(learning_rate=args.learning_rate))
    twin = None if args.no_torch else TorchTrainer(model, model.optimizer, x_train, x_test)
    print(f"\n{name}: {len(x_train)} training and {len(x_test)} test images, "
          f"{model.count_params():,} parameters, {epochs} epochs, batch {args.batch_size}")
    print(model.summary_table())
    order_rng = np.random.default_rng(args.seed)
    histories = {"numpy": History(), "torch": History()}
    rows = []
    for epoch in range(1, epochs + 1):
        batches = batch_order(len(x_train), args.batch_size, order_rng)
        row = {"epoch": epoch, "load_before": os.getloadavg()[0]}
        start, cpu = time.perf_counter(), time.process_time()
        loss, acc = numpy_epoch(model, x_train, y_train, batches, f"numpy {epoch}/{epochs}")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        val_loss, val_acc = model.evaluate(x_test, y_test)
        histories["numpy"].append(loss=loss, accuracy=acc, val_loss=val_loss,
                                  val_accuracy=val_acc, epoch_time=seconds)
        row.update(numpy_seconds=seconds, numpy_cpu_seconds=cpu, numpy_test_accuracy=val_acc,
                   numpy_train_loss=loss)
        if twin is not None:
            start, cpu = time.perf_counter(), time.process_time()
            loss, acc = twin.train_epoch(y_train, batches, f"torch {epoch}/{epochs}")
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            val_loss, val_acc = twin.evaluate(y_test)
            histories["torch"].append(loss=loss, accuracy=acc, val_loss=val_loss,
                                      val_accuracy=val_acc, epoch_time=seconds)
            row.update(torch_seconds=seconds, torch_cpu_seconds=cpu, torch_test_accuracy=val_acc,
                       torch_train_loss=loss, time_ratio=row["numpy_seconds"] / seconds,
                       cpu_time_ratio=row["numpy_cpu_seconds"] / cpu)
        row["load_after"] = os.getloadavg()[0]
        rows.append(row)
        print(format_row(row), flush=True)
    for framework, history in histories.items():
        if history.epochs:
            plot_history(history, args.out.parent / f"{args.out.stem}_{name}_{framework}.png",
                         title=f"{name}, {framework}")
    return summarise(name, model, rows, args)


def format_row(row: dict) -> str:
    text = (f"  epoch {row['epoch']:2d}  numpy {row['numpy_test_accuracy']:.2%} "
            f"{row['numpy_seconds']:7.1f} s")
    if "torch_seconds" in row:
        text += (f" | torch {row['torch_test_accuracy']:.2%} {row['torch_seconds']:7.1f} s"
                 f" | time ratio {row['time_ratio']:.2f} (cpu {row['cpu_time_ratio']:.2f})")
    return text + f"  (load {row['load_before']:.1f}->{row['load_after']:.1f})"


def summarise(name: str, model: Sequential, rows: list[dict], args) -> dict:
    last = rows[-1]
    result = {
        "model": name, "params": model.count_params(), "epochs": rows,
        "batch_size": args.batch_size, "learning_rate": args.learning_rate, "seed": args.seed,
        "train_limit": args.limit, "target_accuracy": TARGETS[name],
        "numpy_final_accuracy": last["numpy_test_accuracy"],
        "numpy_reaches_target": last["numpy_test_accuracy"] >= TARGETS[name],
        "numpy_median_epoch_seconds": float(np.median([r["numpy_seconds"] for r in rows])),
    }
    if "torch_seconds" in last:
        result.update(
            torch_final_accuracy=last["torch_test_accuracy"],
            torch_median_epoch_seconds=float(np.median([r["torch_seconds"] for r in rows])),
            median_time_ratio=float(np.median([r["time_ratio"] for r in rows])),
            median_cpu_time_ratio=float(np.median([r["cpu_time_ratio"] for r in rows])),
        )
        result["time_ratio_within_target"] = result["median_time_ratio"] <= MAX_TIME_RATIO
    return result


def print_table(results: list[dict]) -> None:
    print("\n| model | epochs | numpy test acc | torch test acc | numpy s/epoch | "
          "torch s/epoch | numpy/torch time | numpy/torch CPU time |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        torch_acc = f"{r['torch_final_accuracy']:.2%}" if "torch_final_accuracy" in r else "-"
        torch_s = f"{r['torch_median_epoch_seconds']:.1f}" if "torch_final_accuracy" in r else "-"
        ratio = f"{r['median_time_ratio']:.2f}" if "median_time_ratio" in r else "-"
        cpu = f"{r['median_cpu_time_ratio']:.2f}" if "median_cpu_time_ratio" in r else "-"
        print(f"| {r['model']} | {len(r['epochs'])} | {r['numpy_final_accuracy']:.2%} | "
              f"{torch_acc} | {r['numpy_median_epoch_seconds']:.1f} | {torch_s} | {ratio} | "
              f"{cpu} |")
    print("(seconds: median over epochs, training only; accuracy: after the last epoch;\n"
          " CPU time counts every thread of the process, and is what a busy machine changes least)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=sorted(LECTURE_MODELS),
                        default=["mnist", "cifar10"])
    parser.add_argument("--epochs-mnist", type=int, default=8)
    parser.add_argument("--epochs-cifar10", type=int, default=12)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0, help="use only this many training images")
    parser.add_argument("--no-torch", action="store_true", help="train with numpy only")
    parser.add_argument("--native-blas", action="store_true",
                        help=f"ignore {' and '.join(BLAS_OVERRIDES)}: numpy's OpenBLAS picks "
                             "this CPU's own kernels, as torch does")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" /
                        "lecture_models.json", help="JSON file; PNG curves are written beside it")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    threads = int(blas_info().get("num_threads") or os.cpu_count())
    if os.environ.get("OPENBLAS_CORETYPE"):
        print(f"note: OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} makes numpy use that "
              "CPU's matrix kernels, while torch uses this CPU's own; --native-blas compares "
              "like with like (benchmarks/README.md)", file=sys.stderr)
    report = {"command": " ".join(sys.argv)}
    if not args.no_torch:
        import torch
        torch.set_num_threads(threads)
        torch.manual_seed(args.seed)
    report["environment"] = environment(None if args.no_torch else threads)
    results = []
    for name in args.models:
        results.append(run_model(name, getattr(args, f"epochs_{name}"), args))
        report["results"] = results
        args.out.write_text(json.dumps(report, indent=2) + "\n")  # after each model: partial results survive
    print_table(results)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
