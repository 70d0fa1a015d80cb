/** Example programs for the Quiver Java client; see {@link io.quiver.examples.SemanticSearch}. */
package io.quiver.examples;
