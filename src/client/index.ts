// The device-side client (`gitota/client`): filled in by the trust work.
export {};
