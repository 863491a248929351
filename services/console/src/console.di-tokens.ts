export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');
export const REGISTRY_CLIENT = Symbol('REGISTRY_CLIENT');
export const KEYS_CLIENT = Symbol('KEYS_CLIENT');
export const SESSION_STORE = Symbol('SESSION_STORE');
