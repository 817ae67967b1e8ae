import { Store, type IStore } from 'mqtt';

/**
 * mqtt.js's outgoing store, made to forget on reconnect. mqtt.js would re-send unacknowledged QoS 1
 * packets itself after a reconnect, carrying their old `sentAt`; the bridge re-sends them from its
 * disk outbox instead, in eventId order and stamped with a fresh `sentAt`. So this store keeps
 * packets only while their connection lives (PUBACK handling needs them) and hands nothing back.
 */
export class ResendNothingStore implements IStore {
  private current = new Store();

  put(...args: Parameters<IStore['put']>): this {
    this.current.put(...args);
    return this;
  }

  /** Called by mqtt.js on every connect to get the packets to re-send: none, and forget the old ones. */
  createStream(): ReturnType<IStore['createStream']> {
    this.current = new Store();
    return new Store().createStream();
  }

  del(...args: Parameters<IStore['del']>): this {
    this.current.del(...args);
    return this;
  }

  get(...args: Parameters<IStore['get']>): this {
    this.current.get(...args);
    return this;
  }

  close(...args: Parameters<IStore['close']>): void {
    this.current.close(...args);
  }
}
