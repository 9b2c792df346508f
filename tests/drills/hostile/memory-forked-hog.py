# expect-broken: memory
# A forked child, in a new process group, takes memory 64 MB at a time (up to 6 GB) while the parent waits.
import os
import time

import torch
from _sandbox_helpers import batch_norm as batch_norm_done_right
from _sandbox_helpers import record


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    if os.fork() == 0:
        os.setpgid(0, 0)
        record()
        hoard = []
        for _ in range(96):
            hoard.append(bytearray(64 * 2**20))
            time.sleep(0.005)
        time.sleep(1000)
    time.sleep(1000)
    return batch_norm_done_right(x, running_mean, running_var, weight, bias, training, momentum, eps)
