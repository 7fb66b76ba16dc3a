import { createHash } from 'node:crypto';
import { other } from './other';
export const x = [createHash, other];
