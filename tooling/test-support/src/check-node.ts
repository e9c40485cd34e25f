// Side-effect entry for mocha's `require` (and scripts): stop at once, with the reason, on a too-old Node.
import { requireProjectNode } from './project-node.js';

requireProjectNode();
