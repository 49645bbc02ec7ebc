/** JMH benchmarks of the block cycle, the consumer paths and the memory limits they are judged against. */
package io.jiio.bench;
