/**
 * The checks every page must pass read the page's scripts and event-handler attributes from parse5's tree, not from a
 * jsdom document (test/support/html.ts). They must find what jsdom finds, in the same order, on the places a script
 * or a handler could hide: the head, <noscript> (parsed as elements, scripting off, as jsdom parses), SVG, and not a
 * <template>'s content, which is not part of the document.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { Page } from '../support/client.js';
import { eventHandlerAttributes, scripts } from '../support/html.js';

const TRICKY = `<!DOCTYPE html><html><head>
<script nonce="abc" src="/static/app.js"></script>
</head><body>
<noscript><img src="x" onerror="alert(1)"><script>noscript()</script></noscript>
<template><script>templated()</script><b onclick="no()"></b></template>
<svg><script>inSvg()</script><circle onload="svg()"></circle></svg>
<div onClick="x()"><p>text</p></div>
<script>last()</script>
</body></html>`;

function htmlPage(body: string, contentType = 'text/html; charset=utf-8'): Page {
  return { status: 200, headers: { 'content-type': contentType }, body } as unknown as Page;
}

describe('the page checks read what jsdom reads', () => {
  const document = new JSDOM(TRICKY).window.document;

  it('finds every script jsdom finds, with its nonce and source, in document order', () => {
    const byJsdom = [...document.querySelectorAll('script')].map((s) => ({
      nonce: s.getAttribute('nonce'),
      src: s.getAttribute('src'),
    }));
    expect(byJsdom).toHaveLength(4);
    expect(scripts(htmlPage(TRICKY))).toEqual(byJsdom);
  });

  it('finds every on* attribute jsdom finds, the <template> content aside', () => {
    const byJsdom = [...document.querySelectorAll('*')].flatMap((e) =>
      [...e.attributes]
        .filter((a) => a.name.toLowerCase().startsWith('on'))
        .map((a) => `${e.tagName.toUpperCase()}[${a.name}]`),
    );
    expect(byJsdom).toEqual(['IMG[onerror]', 'CIRCLE[onload]', 'DIV[onclick]']);
    expect(eventHandlerAttributes(htmlPage(TRICKY))).toEqual(byJsdom);
  });

  it('reads nothing from a response that is not HTML', () => {
    const json = htmlPage('{"html":"<script>x()</script>"}', 'application/json');
    expect(scripts(json)).toEqual([]);
    expect(eventHandlerAttributes(json)).toEqual([]);
  });
});
