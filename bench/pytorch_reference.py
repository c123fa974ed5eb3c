"""PyTorch reference for `bun run bench`: the same workloads as bench/workloads/*.ts, on the CPU, SSL_BENCH_THREADS threads (default 1).

Run as a server so bench.ts can interleave repetitions with ours (fair on a shared machine):
  stdin  "setup <name>" -> stdout "ok"      (builds the workload and warms it up)
  stdin  "run <name>"   -> stdout "<ms>"    (one timed step)
  stdin  "quit"
The first line printed is a JSON object with the versions, or {"error": ...} if torch cannot be imported.
"""
import json
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except Exception as e:  # noqa: BLE001 - any import failure means "no PyTorch here"
    print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
    sys.exit(0)

import os

torch.set_num_threads(int(os.environ.get("SSL_BENCH_THREADS", "1")))
torch.manual_seed(1)


class Tower(torch.nn.Module):
    """Encoder + projector as packages/methods builds them (models/Tower.ts), in PyTorch's layouts (NCHW)."""

    def __init__(self, encoder, enc_dim, hidden, out):
        super().__init__()
        nn = torch.nn
        self.encoder = encoder
        self.projector = nn.Sequential(nn.Linear(enc_dim, hidden), nn.BatchNorm1d(hidden, affine=False), nn.ReLU(), nn.Linear(hidden, out))

    def forward(self, x):
        return self.projector(self.encoder(x))


def mlp_encoder(hidden):
    """MlpEncoder: flatten, Linear + ReLU per layer (ReLU after the last one too)."""
    nn, layers, cin = torch.nn, [torch.nn.Flatten()], 784
    for width in hidden:
        layers += [nn.Linear(cin, width), nn.ReLU()]
        cin = width
    return nn.Sequential(*layers), cin


class MeanPool(torch.nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


def cnn_encoder(channels, cin=1):
    """CnnEncoder: 3x3 convs, stride 2, padding 1, bias, ReLU; global average pool."""
    nn, layers = torch.nn, []
    for cout in channels:
        layers += [nn.Conv2d(cin, cout, 3, 2, 1), nn.ReLU()]
        cin = cout
    return nn.Sequential(*layers, MeanPool()), cin


def resnet18_encoder():
    """torchvision's ResNet-18 with the CIFAR stem (conv3x3 stride 1, no max-pool), fc removed (models/ResNet18.ts)."""
    nn, F = torch.nn, torch.nn.functional

    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.downsample = None
            if stride != 1 or cin != cout:
                self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x):
            h = F.relu(self.bn1(self.conv1(x)))
            h = self.bn2(self.conv2(h))
            return F.relu(h + (x if self.downsample is None else self.downsample(x)))

    blocks, cin = [nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()], 64
    for stage, cout in enumerate([64, 128, 256, 512]):
        for b in range(2):
            blocks.append(BasicBlock(cin, cout, 2 if stage > 0 and b == 0 else 1))
            cin = cout
    net = nn.Sequential(*blocks, MeanPool())
    for m in net.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    return net, 512


def ssl_step(make_encoder, input_shape, batch, hidden, out, lr, wd, gamma, rho=0.3):
    """Mirrors bench/workloads/sslStep.ts, i.e. SslModel.step of a BYOL config with a bias-free linear predictor trained
    by SGD: two train-mode online forwards, F-hat update (fT f in float32, its moving average in float64), the EMA
    target's train-mode forwards under no_grad, the symmetric negative-cosine loss, backward, SGD (momentum 0.9,
    weight decay; trunk and predictor groups), EMA update of the target's parameters, the loss read back.
    Two fixed random views (no augmentation, as ours)."""
    import copy

    F = torch.nn.functional
    encoder, enc_dim = make_encoder()
    online = Tower(encoder, enc_dim, hidden, out)
    target = copy.deepcopy(online)
    for p in target.parameters():
        p.requires_grad_(False)
    predictor = torch.nn.Linear(out, out, bias=False)
    opt = torch.optim.SGD([
        {"params": list(online.parameters()), "lr": lr, "weight_decay": wd},
        {"params": list(predictor.parameters()), "lr": lr, "weight_decay": wd},
    ], lr=lr, momentum=0.9)
    online_params, target_params = list(online.parameters()), list(target.parameters())
    v1, v2 = torch.randn(batch, *input_shape), torch.randn(batch, *input_shape)
    state = {"F": None}

    def step():
        f1, f2 = online(v1), online(v2)
        with torch.no_grad():
            g = (f1.t() @ f1 + f2.t() @ f2).double() / (2 * batch)
            state["F"] = g if state["F"] is None else rho * state["F"] + (1 - rho) * g
            t1, t2 = target(v2), target(v1)
        p1, p2 = predictor(f1), predictor(f2)
        loss = (-2 * F.cosine_similarity(p1, t1, dim=1) - 2 * F.cosine_similarity(p2, t2, dim=1)).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            torch._foreach_mul_(target_params, gamma)
            torch._foreach_add_(target_params, online_params, alpha=1 - gamma)
        loss.item()

    return step


def mlp_step():
    """The ci base: MLP 784-256-256, projector 256-256(BN)-64, batch 128, lr 0.05, wd 4e-4, EMA 0.99."""
    return ssl_step(lambda: mlp_encoder([256, 256]), (1, 28, 28), 128, 256, 64, 0.05, 4e-4, 0.99)


def cnn_step():
    """The cpu-long base: CNN 32/64/128, projector 128-256(BN)-64, batch 256, lr 0.05, wd 4e-4, EMA 0.99."""
    return ssl_step(lambda: cnn_encoder([32, 64, 128]), (1, 28, 28), 256, 256, 64, 0.05, 4e-4, 0.99)


def resnet18_step():
    """The CIFAR-10 BYOL preset: ResNet-18 (CIFAR stem), projector 512-512(BN)-128, batch 128, lr 0.03, wd 4e-4, EMA 0.996."""
    return ssl_step(resnet18_encoder, (3, 32, 32), 128, 512, 128, 0.03, 4e-4, 0.996)


def eval_step():
    """Mirrors bench/workloads/evalStep.ts (evaluateModel of the ci base, floors cached): backbone features (eval mode,
    chunks of 512) of 2000 train and 10000 test images; standardised features; linear probe, 10 epochs of Adam
    (lr 1e-3, weight decay 1e-3), batch 128 shuffled, test accuracy after every epoch; weighted kNN, k = 20, cosine,
    T = 0.07, queries in chunks of 256."""
    F = torch.nn.functional
    encoder, d = mlp_encoder([256, 256])
    encoder.eval()
    x_train, x_test = torch.rand(2000, 1, 28, 28), torch.rand(10000, 1, 28, 28)
    y_train, y_test = torch.randint(0, 10, (2000,)), torch.randint(0, 10, (10000,))

    def features(x):
        with torch.no_grad():
            return torch.cat([encoder(x[i:i + 512]) for i in range(0, len(x), 512)])

    def step():
        tr_raw, te_raw = features(x_train), features(x_test)  # once, shared by the probe and kNN
        mean, std = tr_raw.mean(0), tr_raw.std(0, unbiased=False)
        std[std == 0] = 1
        tr, te = (tr_raw - mean) / std, (te_raw - mean) / std
        probe = torch.nn.Linear(d, 10)
        opt = torch.optim.Adam(probe.parameters(), lr=1e-3, weight_decay=1e-3)
        for _ in range(10):
            perm = torch.randperm(len(tr))
            for i in range(0, len(tr), 128):
                idx = perm[i:i + 128]
                loss = F.cross_entropy(probe(tr[idx]), y_train[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
            with torch.no_grad():
                (probe(te).argmax(1) == y_test).float().mean().item()
        with torch.no_grad():  # kNN on the raw (unstandardised) features, as knnAccuracy
            bank = F.normalize(tr_raw, dim=1)
            q_all = F.normalize(te_raw, dim=1)
            correct = 0
            for i in range(0, len(q_all), 256):
                sim = q_all[i:i + 256] @ bank.t()
                top, idx = sim.topk(20, dim=1)
                votes = torch.zeros(len(sim), 10).scatter_add_(1, y_train[idx], (top / 0.07).exp())
                correct += (votes.argmax(1) == y_test[i:i + 256]).sum().item()

    return step


def directpred_update():
    """Mirrors bench/workloads/directpredUpdate.ts: F-hat EMA from a [256,128] batch, eigh (float64), boost_scale predictor."""
    rho, eps = 0.3, 0.1
    f = torch.randn(256, 128)
    state = {"F": None}
    predictor = torch.eye(128)

    def step():
        with torch.no_grad():
            d = f.t() @ f / f.shape[0]
            state["F"] = d if state["F"] is None else rho * state["F"] + (1 - rho) * d
            s, q = torch.linalg.eigh(state["F"].double())
            e = (s.clamp(min=0) / s.max()).sqrt() + eps
            e = e.clamp(min=1e-4)
            wp = (q * e) @ q.t()
            predictor.copy_(wp)

    return step


WORKLOADS = {"mlp-step": mlp_step, "cnn-step": cnn_step, "directpred-update": directpred_update, "eval": eval_step,
             "resnet18-step": resnet18_step}


def main():
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    steps = {}
    for line in sys.stdin:
        cmd, _, name = line.strip().partition(" ")
        if cmd == "quit":
            break
        if name not in WORKLOADS:
            print(f"error unknown workload {name}", flush=True)
            continue
        if cmd == "setup":
            steps[name] = WORKLOADS[name]()
            for _ in range(2):
                steps[name]()
            print("ok", flush=True)
        elif cmd == "run":
            t0 = time.perf_counter()
            steps[name]()
            print(f"{(time.perf_counter() - t0) * 1000:.4f}", flush=True)


if __name__ == "__main__":
    main()
