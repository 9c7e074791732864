'use strict';
const fs = require('node:fs');

/**
 * The machine's CPU time so far from /proc/stat (Linux; null elsewhere): `steal` is the time the
 * hypervisor ran other guests while this VM's CPUs wanted to run. These machines are shared VMs,
 * and a slow host shows it here: a scenario whose share stolen is high measured the host too.
 */
function hostCpuTimes() {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
    // cpu user nice system idle iowait irq softirq steal (guest times are already in user/nice).
    const ticks = fields.slice(1, 9).map(Number);
    return { steal: ticks[7], total: ticks.reduce((sum, t) => sum + t, 0) };
  } catch {
    return null;
  }
}

/** The share of the machine's CPU time stolen between two readings (0..1), or null. */
function stolenShare(before, after) {
  if (!before || !after || after.total <= before.total) return null;
  return (after.steal - before.steal) / (after.total - before.total);
}

/** Runs `load` and adds to its result the share of CPU time the host stole meanwhile. */
async function measuringSteal(load) {
  const before = hostCpuTimes();
  const result = await load();
  return { ...result, stolen: stolenShare(before, hostCpuTimes()) };
}

module.exports = { measuringSteal };
