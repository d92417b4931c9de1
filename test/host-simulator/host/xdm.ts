/**
 * The host's end of XDM, the postMessage RPC between the Azure DevOps page and an extension's iframe, written from
 * the SDK's own implementation (node_modules/azure-devops-extension-sdk/XDM.js, 4.2.0) so that the real SDK in the
 * iframe cannot tell this host from the real one:
 *
 * - Every message is a JSON string. A call is {id, methodName, instanceId, instanceContext, params,
 *   serializationSettings} (+ handshakeToken while the extension does not yet know the host's origin); a reply
 *   is {id, result} or {id, error}, echoing the call's handshakeToken.
 * - The extension's channel has no target origin: it stamps its calls with a random handshakeToken and accepts
 *   the first reply that echoes it, learning the host's origin from it. This channel knows the extension's
 *   origin (from the extension's baseUri) and accepts only messages from the iframe's window and that origin.
 * - Values cross as XDM serializes them (_customSerializeObject / _customDeserializeObject): functions become
 *   {__proxyFunctionId, _channelId} and are called back as method "proxy<id>" on instance "__proxyFunctions"
 *   with serializationSettings {includeUnderscoreProperties: true}; dates become {__proxyDate: ms}; repeated
 *   parents become {__circularReference: n} with __circularReferenceId on the parent; members whose names start
 *   with "_" are left out unless the settings include them; DOM nodes, windows and events are left out.
 */

export interface SerializationSettings {
  includeUnderscoreProperties?: boolean;
}

export interface RpcMessage {
  id: number;
  methodName?: string;
  instanceId?: string;
  instanceContext?: unknown;
  params?: unknown;
  serializationSettings?: SerializationSettings;
  handshakeToken?: string;
  result?: unknown;
  error?: unknown;
}

/** What the channel reports to the page: every message in and out, for the host's log and the tests. */
export interface XdmTrace {
  direction: 'in' | 'out';
  message: RpcMessage;
}

const MAX_XDM_DEPTH = 100;

/** Own and inherited property names, without Object.prototype's and "constructor" (XDM.js getAllPropertyNames). */
function allPropertyNames(obj: object): string[] {
  const names = new Set<string>();
  let current: object | null = obj;
  while (current && current !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(current)) if (name !== 'constructor') names.add(name);
    current = Object.getPrototypeOf(current);
  }
  return [...names];
}

export type Registry = Record<string, object | ((context: unknown) => object)>;

export class HostChannel {
  private static nextChannelId = 1;
  readonly channelId = HostChannel.nextChannelId++;
  private nextMessageId = 1;
  private nextProxyId = 1;
  private readonly proxyFunctions: Record<string, (...args: unknown[]) => unknown> = {};
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(reason: unknown): void }>();
  /** The token the extension stamped its first call with (the handshake). */
  handshakeToken: string | undefined;

  constructor(
    private readonly target: Window,
    /** The extension's origin, e.g. http://127.0.0.1:5002 (messages from elsewhere are ignored). */
    private readonly targetOrigin: string,
    private readonly registry: Registry,
    private readonly trace: (entry: XdmTrace) => void = () => undefined,
  ) {}

  /** True when the message comes from this channel's iframe (XDMChannel.owns, for a channel with an origin). */
  owns(source: MessageEventSource | null, origin: string): boolean {
    if (source !== this.target) return false;
    return origin.toLowerCase() === 'null' || this.targetOrigin.toLowerCase().indexOf(origin.toLowerCase()) === 0;
  }

  /** Handles a message from the iframe: a call to a host object, or the reply to a call the host made. */
  onMessage(message: RpcMessage): void {
    this.trace({ direction: 'in', message });
    if (message.handshakeToken && !this.handshakeToken) this.handshakeToken = message.handshakeToken;
    if (message.instanceId) {
      const instance = this.registeredObject(message.instanceId, message.instanceContext);
      if (!instance) {
        // What XDMChannelManager answers when no channel has the object.
        this.error(message, new Error(`The registered object ${message.instanceId} could not be found.`));
        return;
      }
      if (typeof (instance as { then?: unknown }).then === 'function') {
        (instance as PromiseLike<object>).then(
          (resolved) => this.invokeMethod(resolved, message),
          (e) => this.error(message, e),
        );
      } else {
        this.invokeMethod(instance, message);
      }
      return;
    }
    const promise = this.pending.get(message.id);
    if (!promise) return;
    this.pending.delete(message.id);
    if (message.error) promise.reject((this.deserialize([message.error], {}) as unknown[])[0]);
    else promise.resolve((this.deserialize([message.result], {}) as unknown[])[0]);
  }

  /** Calls a method of an object the extension registered (e.g. DevOps.SdkClient's dispatchEvent, a callback). */
  invokeRemoteMethod(
    methodName: string,
    instanceId: string,
    params?: unknown[],
    instanceContext?: unknown,
    serializationSettings?: SerializationSettings,
  ): Promise<unknown> {
    const message: RpcMessage = {
      id: this.nextMessageId++,
      methodName,
      instanceId,
      instanceContext,
      params: this.serialize(params, serializationSettings),
      serializationSettings,
    };
    const promise = new Promise<unknown>((resolve, reject) => this.pending.set(message.id, { resolve, reject }));
    this.send(message);
    return promise;
  }

  /** Rejects every call still waiting for the iframe (it was removed or reloaded). */
  dispose(): void {
    for (const { reject } of this.pending.values()) reject(new Error('The extension frame was unloaded.'));
    this.pending.clear();
  }

  private registeredObject(instanceId: string, context: unknown): object | undefined {
    if (instanceId === '__proxyFunctions') return this.proxyFunctions;
    const entry = this.registry[instanceId];
    if (!entry) return undefined;
    return typeof entry === 'function' ? (entry as (c: unknown) => object)(context) : entry;
  }

  private invokeMethod(instance: object, message: RpcMessage): void {
    if (!message.methodName) {
      // An empty method name asks for the object itself (getRemoteObjectProxy).
      this.success(message, instance);
      return;
    }
    const method = (instance as Record<string, unknown>)[message.methodName];
    if (typeof method !== 'function') {
      this.error(message, new Error(`RPC method not found: ${message.methodName}`));
      return;
    }
    try {
      const args = message.params ? (this.deserialize(message.params, {}) as unknown[]) : [];
      const result = method.apply(instance, args);
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<unknown>).then(
          (value) => this.success(message, value),
          (e) => this.error(message, e),
        );
      } else {
        this.success(message, result);
      }
    } catch (e) {
      this.error(message, e);
    }
  }

  private success(call: RpcMessage, result: unknown): void {
    this.send({
      id: call.id,
      result: (this.serialize([result], call.serializationSettings) as unknown[])[0],
      handshakeToken: call.handshakeToken,
    });
  }

  private error(call: RpcMessage, error: unknown): void {
    this.send({
      id: call.id,
      error: (this.serialize([error], call.serializationSettings) as unknown[])[0],
      handshakeToken: call.handshakeToken,
    });
  }

  private send(message: RpcMessage): void {
    this.trace({ direction: 'out', message });
    this.target.postMessage(JSON.stringify(message), this.targetOrigin);
  }

  private registerProxyFunction(fn: (...args: unknown[]) => unknown, context: unknown): number {
    const id = this.nextProxyId++;
    this.proxyFunctions[`proxy${id}`] = (...args: unknown[]) => fn.apply(context, args);
    return id;
  }

  /** XDMChannel._customSerializeObject. */
  serialize(
    obj: unknown,
    settings?: SerializationSettings,
    parents: { newObjects: object[]; originalObjects: unknown[] } = { newObjects: [], originalObjects: [] },
    nextCircularRefId = { value: 1 },
    depth = 1,
  ): unknown {
    if (!obj || depth > MAX_XDM_DEPTH) return undefined;
    if (
      (typeof Node !== 'undefined' && obj instanceof Node) ||
      (typeof Window !== 'undefined' && obj instanceof Window) ||
      (typeof Event !== 'undefined' && obj instanceof Event)
    ) {
      return undefined;
    }
    parents.originalObjects.push(obj);
    const serializeMember = (parent: Record<string | number, unknown>, target: Record<string | number, unknown>, key: string | number) => {
      let item: unknown;
      try {
        item = parent[key];
      } catch {
        // A property that cannot be read is left out.
      }
      const type = typeof item;
      if (type === 'undefined') return;
      const parentIndex = type === 'object' ? parents.originalObjects.indexOf(item) : -1;
      if (parentIndex >= 0) {
        const parentItem = parents.newObjects[parentIndex] as { __circularReferenceId?: number };
        if (!parentItem.__circularReferenceId) parentItem.__circularReferenceId = nextCircularRefId.value++;
        target[key] = { __circularReference: parentItem.__circularReferenceId };
      } else if (type === 'function') {
        this.nextProxyId++;
        target[key] = { __proxyFunctionId: this.registerProxyFunction(item as (...a: unknown[]) => unknown, obj), _channelId: this.channelId };
      } else if (type === 'object') {
        target[key] = item instanceof Date ? { __proxyDate: item.getTime() } : this.serialize(item, settings, parents, nextCircularRefId, depth + 1);
      } else if (key !== '__proxyFunctionId') {
        target[key] = item;
      }
    };
    let value: unknown;
    if (Array.isArray(obj)) {
      const out: unknown[] = [];
      parents.newObjects.push(out);
      for (let i = 0; i < obj.length; i++) serializeMember(obj as unknown as Record<number, unknown>, out as unknown as Record<number, unknown>, i);
      value = out;
    } else {
      const out: Record<string, unknown> = {};
      parents.newObjects.push(out);
      let keys: string[] = [];
      try {
        keys = allPropertyNames(obj as object);
      } catch {
        // Not enumerable: nothing to send.
      }
      for (const key of keys) {
        if ((key && key[0] !== '_') || settings?.includeUnderscoreProperties) serializeMember(obj as Record<string, unknown>, out, key);
      }
      value = out;
    }
    parents.originalObjects.pop();
    parents.newObjects.pop();
    return value;
  }

  /** XDMChannel._customDeserializeObject. */
  deserialize(obj: unknown, circularRefs: Record<number, unknown>): unknown {
    if (!obj) return null;
    const deserializeMember = (parent: Record<string | number, unknown>, key: string | number) => {
      const item = parent[key] as Record<string, unknown> | number | null;
      const type = typeof item;
      if (key === '__circularReferenceId' && type === 'number') {
        circularRefs[item as number] = parent;
        delete parent[key];
      } else if (type === 'object' && item) {
        const ref = item as Record<string, unknown>;
        if (ref.__proxyFunctionId) {
          parent[key] = (...args: unknown[]) =>
            this.invokeRemoteMethod(`proxy${ref.__proxyFunctionId}`, '__proxyFunctions', args, {}, { includeUnderscoreProperties: true });
        } else if (ref.__proxyDate) {
          parent[key] = new Date(ref.__proxyDate as number);
        } else if (ref.__circularReference) {
          parent[key] = circularRefs[ref.__circularReference as number];
        } else {
          this.deserialize(ref, circularRefs);
        }
      }
    };
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) deserializeMember(obj as unknown as Record<number, unknown>, i);
    } else if (typeof obj === 'object') {
      for (const key in obj as object) deserializeMember(obj as Record<string, unknown>, key);
    }
    return obj;
  }
}
