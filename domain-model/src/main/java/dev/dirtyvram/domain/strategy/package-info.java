/**
 * The harvest strategies (memcmp, logdirty-wp, dbit-paused, linear-walk, sl1ma), each a walk stepped one access at a time.
 *
 * <p>Uses: domain.config, domain.event, domain.memory, domain.paging.
 */
package dev.dirtyvram.domain.strategy;
