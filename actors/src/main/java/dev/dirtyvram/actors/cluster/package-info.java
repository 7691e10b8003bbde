/**
 * A generic work farm over Pekko Cluster: a coordinator hands out runs as text, workers pull them and report results.
 *
 * <p>Uses: domain, domain.driver, domain.oracle, persistence.
 */
package dev.dirtyvram.actors.cluster;
