import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

const MAX_CONTACT_LENGTH = 320;

/**
 * `contacts`: every entry must match the pattern. Mandatory by default (reference product):
 * then a missing list or any invalid entry fails the registration; otherwise invalid entries are
 * dropped one by one.
 * @publicApi
 */
export abstract class ContactsProcessor extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class PatternContactsProcessor extends ContactsProcessor {
  readonly name = 'contacts';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.processors.contacts !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const rule = ctx.server.processors.contacts!;
    const contacts = ctx.get<string[]>('contacts');
    if (contacts === undefined || contacts.length === 0) {
      if (rule.mandatory) ctx.reject('contacts', 'required');
      if (contacts !== undefined) ctx.filter('contacts', 'empty');
      return;
    }
    const valid = [...new Set(contacts)].filter((contact) => contact.length <= MAX_CONTACT_LENGTH && rule.allowed.matchesWhole(contact));
    if (valid.length < new Set(contacts).size) {
      ctx.dropOrReject('contacts', `entries that do not match ${rule.allowed.source} were dropped`, rule.mandatory || rule.strict);
    }
    if (valid.length) ctx.accept('contacts', valid);
    else if (rule.mandatory) ctx.reject('contacts', 'no valid entry');
  }
}
