/* eslint-disable */
// The floor: what any checker must at least do with a set of templates — read
// each file, parse it, and visit every value once (an iterative walk). Plain
// JavaScript, shared by bench/run.ts and bench/measure.js.
'use strict';
const fs = require('fs');

/** Read, parse and visit every value of the files; returns the number of values (so nothing is optimised away). */
function floor(files) {
  let values = 0;
  for (const file of files) {
    const stack = [JSON.parse(fs.readFileSync(file, 'utf8'))];
    while (stack.length > 0) {
      const v = stack.pop();
      values++;
      if (v === null || typeof v !== 'object') continue;
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push(v[i]);
      else for (const k in v) stack.push(v[k]);
    }
  }
  return values;
}

module.exports = { floor };
