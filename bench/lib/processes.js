'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');

/** A process's memory in bytes (`VmRSS` now, `VmHWM` its peak); 0 once it has exited or off Linux. */
function memoryOf(pid, field = 'VmRSS') {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Resident memory of a process now, in bytes. */
function residentBytes(pid) {
  return memoryOf(pid, 'VmRSS');
}

/** Peak resident memory of a process: sampled VmRSS and the kernel's high-water mark VmHWM. */
function watchMemory(pid) {
  let peakRss = 0;
  // An exited process reads 0: the last peak stays.
  const read = () => {
    peakRss = Math.max(peakRss, residentBytes(pid), memoryOf(pid, 'VmHWM'));
  };
  const timer = setInterval(read, 250);
  timer.unref();
  return { peak: () => (read(), peakRss), stop: () => clearInterval(timer) };
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(1000, () => req.destroy());
  });
}

async function waitUntilReady(url, child, label, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${label} exited with ${child.exitCode} before it was ready`);
    if ((await get(url)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${label} was not ready within ${timeoutMs} ms`);
}

/** Starts a Node process, waits for its readiness URL, and watches its memory. */
async function startProcess({ label, args, env, readyUrl, logFile }) {
  // A process a crashed run left behind would answer the readiness check for this one, which
  // then fails to listen, and every figure would be that process's.
  if ((await get(readyUrl)) !== 0)
    throw new Error(`${label}: ${new URL(readyUrl).host} answers before it was started`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  try {
    await waitUntilReady(readyUrl, child, label);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}; see ${logFile}`);
  }
  const memory = watchMemory(child.pid);
  const stop = async () => {
    memory.stop();
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, pid: child.pid, logFile, peakRss: memory.peak, stop };
}

module.exports = { residentBytes, startProcess };
