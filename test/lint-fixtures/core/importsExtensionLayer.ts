import { something } from '../extension/extension';
export const x = something;
