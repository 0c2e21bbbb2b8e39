'use strict';
// A TechClientStore in process memory, for the layer table of the HTTP load bench only: what a
// registration and a client authentication cost without the database. Same contract as the
// TypeORM store for what the bench does (insert never overwrites, writes conditional on the version),
// no quotas, no transactions, nothing durable.
const { join } = require('node:path');
const { TechClientStore, ClientIdConflictError } = require(join(__dirname, '../../dist/dcr/persistence/tech-client.store'));

class InMemoryTechClientStore extends TechClientStore {
  constructor() {
    super();
    this.clients = new Map();
  }

  async insert(client) {
    if (this.clients.has(client.id)) throw new ClientIdConflictError(client.id);
    if (client.version === undefined) client.version = 1;
    this.clients.set(client.id, { ...client });
  }

  async findById(id) {
    const client = this.clients.get(id);
    return client ? { ...client } : null;
  }

  async update(id, expectedVersion, changes) {
    const client = this.clients.get(id);
    if (!client || client.version !== expectedVersion) return false;
    this.clients.set(id, { ...client, ...changes, version: client.version + 1 });
    return true;
  }

  async delete(id, expectedVersion) {
    const client = this.clients.get(id);
    if (!client || client.version !== expectedVersion) return false;
    return this.clients.delete(id);
  }

  async findReapable() {
    return [];
  }

  async recordUse(id, at, minIntervalMs) {
    const client = this.clients.get(id);
    if (client && !(Number(client.lastUsedAt ?? 0) > at - minIntervalMs)) client.lastUsedAt = at;
  }
}

module.exports = { InMemoryTechClientStore };
