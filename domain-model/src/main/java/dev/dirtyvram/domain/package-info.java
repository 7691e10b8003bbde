/**
 * The simulator's model, plain Java (no Pekko): {@code Serialized}, the marker of what leaves a JVM.
 *
 * <p>Uses: no other package of the project.
 */
package dev.dirtyvram.domain;
