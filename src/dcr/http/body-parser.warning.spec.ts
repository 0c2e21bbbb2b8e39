import { Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import express from 'express';
import { BodyParserWarning, globalExpressBodyParsers } from './body-parser.warning';

describe('global body parsers on Express', () => {
  it('finds express.json() and express.urlencoded() in the router stack, and nothing else', () => {
    const app = express();
    expect(globalExpressBodyParsers(app as never)).toEqual([]);
    app.use((_request, _response, next) => next());
    expect(globalExpressBodyParsers(app as never)).toEqual([]);
    app.use(express.json());
    expect(globalExpressBodyParsers(app as never)).toEqual(['JSON']);
    app.use(express.urlencoded({ extended: true }));
    expect(globalExpressBodyParsers(app as never)).toEqual(['JSON', 'form']);
  });

  it('reads the Express 4 stack too, and survives an app without one', () => {
    expect(globalExpressBodyParsers({ _router: { stack: [{ handle: { name: 'jsonParser' } }] } })).toEqual(['JSON']);
    expect(globalExpressBodyParsers({})).toEqual([]);
    expect(globalExpressBodyParsers(undefined)).toEqual([]);
  });

  describe('BodyParserWarning', () => {
    const host = (type: string, instance: unknown) => ({ httpAdapter: { getType: () => type, getInstance: () => instance } }) as unknown as HttpAdapterHost;
    let warn: jest.SpyInstance;
    beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
    afterEach(() => warn.mockRestore());

    it('warns once, in one line, naming the parser and the fix', () => {
      const app = express();
      app.use(express.json());
      new BodyParserWarning(host('express', app)).onApplicationBootstrap();
      expect(warn.mock.calls).toEqual([[expect.stringMatching(/^A global JSON body parser runs before the module's routes .*\{ bodyParser: false \}\)$/)]]);
      expect(warn.mock.calls[0][0]).not.toContain('\n');
    });

    it('is silent without a parser, on Fastify, and without an HTTP adapter', () => {
      new BodyParserWarning(host('express', express())).onApplicationBootstrap();
      new BodyParserWarning(host('fastify', {})).onApplicationBootstrap();
      new BodyParserWarning().onApplicationBootstrap();
      expect(warn).not.toHaveBeenCalled();
    });
  });
});
