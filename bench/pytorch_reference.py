"""PyTorch reference for `bun run bench`: the same workloads as bench/workloads/*.ts, on the CPU, one thread.

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

torch.set_num_threads(1)
torch.manual_seed(1)


def byol_mlp_step():
    """Mirrors bench/workloads/byolMlpStep.ts."""
    B, LR, MOM, WD, EMA, BN_EPS = 256, 0.05, 0.9, 4e-4, 0.99, 1e-5
    x1, x2 = torch.randn(B, 784), torch.randn(B, 784)
    shapes = [(784, 512), (512, 512), (512, 512), (512, 128)]
    online = []
    for fan_in, fan_out in shapes:
        online += [(torch.randn(fan_in, fan_out) / fan_in**0.5).requires_grad_(), torch.zeros(fan_out, requires_grad=True)]
    predictor = (torch.randn(128, 128) / 128**0.5).requires_grad_()
    target = [p.detach().clone() for p in online]
    opt = torch.optim.SGD(online + [predictor], lr=LR, momentum=MOM, weight_decay=WD)

    def net(p, x):
        h = F.relu(x @ p[0] + p[1])
        h = F.relu(h @ p[2] + p[3])
        z = h @ p[4] + p[5]
        z = F.relu(F.batch_norm(z, None, None, training=True, eps=BN_EPS))  # no affine, batch statistics
        return z @ p[6] + p[7]

    def step():
        with torch.no_grad():
            t1, t2 = net(target, x2), net(target, x1)
        p1, p2 = net(online, x1) @ predictor, net(online, x2) @ predictor
        loss = (-2 * F.cosine_similarity(p1, t1, dim=1) - 2 * F.cosine_similarity(p2, t2, dim=1)).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            torch._foreach_mul_(target, EMA)
            torch._foreach_add_(target, online, alpha=1 - EMA)

    return step


def conv_step():
    """Mirrors bench/workloads/convStep.ts: two 3x3 convs (32, then 64 channels with stride 2), ReLU, global mean."""
    x = torch.randn(128, 3, 32, 32)
    w1 = (torch.randn(32, 3, 3, 3) / 27**0.5).requires_grad_()
    w2 = (torch.randn(64, 32, 3, 3) / 288**0.5).requires_grad_()

    def step():
        h = F.relu(F.conv2d(x, w1, padding=1))
        h = F.relu(F.conv2d(h, w2, stride=2, padding=1))
        loss = h.mean()
        w1.grad = None
        w2.grad = None
        loss.backward()

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


def resnet18_step():
    """Mirrors bench/workloads/resnet18Step.ts (SslModel.step): BYOL with ResNet-18 (CIFAR stem), EMA target 0.996."""
    import copy

    B, LR, MOM, WD, EMA, RHO = 128, 0.03, 0.9, 4e-4, 0.996, 0.3
    nn = torch.nn

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

    class Tower(nn.Module):
        """torchvision's ResNet-18 with the CIFAR stem (conv3x3 stride 1, no max-pool), fc removed, + projector."""

        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(64)
            blocks, cin = [], 64
            for stage, cout in enumerate([64, 128, 256, 512]):
                for b in range(2):
                    blocks.append(BasicBlock(cin, cout, 2 if stage > 0 and b == 0 else 1))
                    cin = cout
            self.blocks = nn.Sequential(*blocks)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            self.projector = nn.Sequential(nn.Linear(512, 512), nn.BatchNorm1d(512, affine=False), nn.ReLU(), nn.Linear(512, 128))

        def forward(self, x):
            h = self.blocks(F.relu(self.bn1(self.conv1(x))))
            return self.projector(h.mean(dim=(2, 3)))

    v1, v2 = torch.randn(B, 3, 32, 32), torch.randn(B, 3, 32, 32)
    online = Tower()
    target = copy.deepcopy(online)
    for p in target.parameters():
        p.requires_grad_(False)
    predictor = nn.Linear(128, 128, bias=False)
    opt = torch.optim.SGD(list(online.parameters()) + list(predictor.parameters()), lr=LR, momentum=MOM, weight_decay=WD)
    online_params, target_params = list(online.parameters()), list(target.parameters())
    state = {"F": None}

    def step():
        with torch.no_grad():
            t1, t2 = target(v2), target(v1)  # train mode: batch statistics, as ours
        f1, f2 = online(v1), online(v2)
        p1, p2 = predictor(f1), predictor(f2)
        loss = (-2 * F.cosine_similarity(p1, t1, dim=1) - 2 * F.cosine_similarity(p2, t2, dim=1)).mean()
        with torch.no_grad():  # F-hat (the metrics estimate SslModel.step keeps; its EMA runs in float64 there)
            f = torch.cat([f1, f2]).double()
            d = f.t() @ f / f.shape[0]
            state["F"] = d if state["F"] is None else RHO * state["F"] + (1 - RHO) * d
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            torch._foreach_mul_(target_params, EMA)
            torch._foreach_add_(target_params, online_params, alpha=1 - EMA)
        loss.item()

    return step


WORKLOADS = {"byol-mlp-step": byol_mlp_step, "conv-step": conv_step, "directpred-update": directpred_update,
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
