# expect-broken: processes
# Starts 400 threads that sleep: past the sandbox's thread cap.
import os
import threading
import time

import torch
from _sandbox_helpers import batch_norm as batch_norm_done_right
from _sandbox_helpers import record


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    for _ in range(400):
        threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
    time.sleep(1000)
    return batch_norm_done_right(x, running_mean, running_var, weight, bias, training, momentum, eps)
