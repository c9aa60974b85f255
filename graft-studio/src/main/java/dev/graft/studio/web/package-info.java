/**
 * The HTTP side: Javalin routes over the other packages, the request guard (session token,
 * Host and Origin checks), server-sent events, and the page's assets served from the jar.
 */
package dev.graft.studio.web;
