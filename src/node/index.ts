export { nodeBridge, type BridgeRequestOptions, type NodeBridge, type ParsedBody } from './bridge.js';
