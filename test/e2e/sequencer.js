/**
 * Splits the browser tests between shards (E2E_SHARDS, test/e2e/run.js) by weight rather than by
 * the hash of their paths: the files, largest first, each to the shard with the least so far. A
 * file's size stands for its duration (the longest scenarios are the longest files), so the shards
 * end at about the same time. Within a shard, jest's own order.
 */
const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

class BalancedSequencer extends Sequencer {
  shard(tests, { shardIndex, shardCount }) {
    const size = new Map(tests.map((test) => [test.path, fs.statSync(test.path).size]));
    const ordered = [...tests].sort((a, b) => size.get(b.path) - size.get(a.path) || (a.path < b.path ? -1 : 1));
    const loads = new Array(shardCount).fill(0);
    const mine = [];
    for (const test of ordered) {
      const lightest = loads.indexOf(Math.min(...loads));
      loads[lightest] += size.get(test.path);
      if (lightest === shardIndex - 1) mine.push(test);
    }
    return mine;
  }
}

module.exports = BalancedSequencer;
