# expect-broken: left-running
# Right results, but it starts `sleep 1000` in a session of its own and never waits for it.
import os
import subprocess

import torch
from _sandbox_helpers import batch_norm as batch_norm_done_right
from _sandbox_helpers import record

_started = False


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    global _started
    if not _started:
        _started = True
        child = subprocess.Popen(["sleep", "1000"], start_new_session=True)
        path = os.environ.get("BNQUIZ_TEST_PIDS")
        if path:
            with open(f"/proc/{child.pid}/stat") as stat:
                start = stat.read().rsplit(")", 1)[1].split()[19]
            with open(path, "a") as out:
                out.write(f"{child.pid} {start}\n")
    return batch_norm_done_right(x, running_mean, running_var, weight, bias, training, momentum, eps)
