/** Addresses as written in configuration and shown in logs and URLs: {@code host:port}, IPv6 in brackets. */
package org.camgate.common.net;
