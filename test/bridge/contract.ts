// The bridge contract: what a user sees of a NodeBridge, on a bare node:http server with no host
// framework in between. Every bridge runs it: describeBridgeContract('<name>', bridge) in a spec
// file. Not a spec file itself.
import type { NodeBridge } from '../../src/node/index.js';
import { requestContract } from './request-contract.js';
import { writeContract } from './write-contract.js';

export function describeBridgeContract(name: string, bridge: NodeBridge): void {
	describe(`bridge contract: ${name}`, () => {
		describe('request(): the Fetch Request for a Node request', () => requestContract(bridge));
		describe('write(): a Fetch Response written to Node', () => writeContract(bridge));
	});
}
