// Each test gets fresh fixture fields: fakes, clocks and worlds are never shared between tests.
[assembly: FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
