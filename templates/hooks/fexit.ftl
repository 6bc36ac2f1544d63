/*
 * Added by OPENED: an entry program for ${hook} that calls ${function}, so that the function
 * is proven to build and load there. Parameters are bound by type and name: the context and
 * zeroed locals for the rest.
 */
SEC("${section}")
int ${program}(${contextDecl})
{
<#list locals as l>
	${l}
</#list>
<#if returnsVoid>
	${call};
<#else>
	volatile long opened_ret = (long)${call};

	(void)opened_ret;
</#if>
	return ${passCode};
}
