// The bridge the adapters use, held to the bridge contract.
import { nodeBridge } from '../../src/node/index.js';
import { describeBridgeContract } from './contract.js';

describeBridgeContract('nodeBridge', nodeBridge);
